// The soak's report: what it prints, and what makes it fail.
import { mib } from './heap.mjs'
import { ledgerFailures } from './ledger.mjs'

/**
 * Prints the ledgers, faults, memory and handles of a soak; returns the
 * exit code: 0 when every check held, 1 otherwise.
 */
export function printReport (report) {
  const failures = []
  for (const [adapter, l] of Object.entries(report.ledgers)) {
    console.log(`ledger ${adapter}: logged ${l.logged} = stored ${l.stored}` +
      ` + dropped ${l.dropped} ${JSON.stringify(l.byReason)}; ` +
      `unaccounted ${l.unaccounted}, stored and dropped ${l.both}, ` +
      `stored twice ${l.storedTwice}, held ${l.held}, retries ${l.retries}`)
    failures.push(...ledgerFailures(adapter, l))
  }
  console.log(`faults: ${JSON.stringify(report.faults)}`)
  console.log(`peak RSS ${mib(report.peakRssKiB * 1024)} (receiver ` +
    `process ${mib(report.receiverPeakRssKiB * 1024)})`)
  const threads = {
    'main thread (winston\'s entries on their way)': report.heap.main,
    'winston\'s worker (winston\'s queue)': report.heap.winstonWorker,
    'pino\'s worker (pino\'s client)': report.heap.pinoWorker,
  }
  for (const [thread, heap] of Object.entries(threads)) {
    if (heap.error !== undefined) {
      failures.push(`the heap of ${thread} could not be read: ` +
        heap.error.message)
    }
    if (heap.samples.length < 2) {
      failures.push(`no heap samples from ${thread}`)
      continue
    }
    console.log(`heap after GC, ${thread}: start ${mib(heap.atStart)}, ` +
      `peak ${mib(heap.peak)}, end ${mib(heap.atEnd)}; growth ` +
      `${mib(heap.growth)} of a bound of ${mib(report.bound)}`)
    if (heap.growth > report.bound) {
      failures.push(`the heap of ${thread} grew beyond its bound`)
    }
  }
  console.log(`open handles at the end: ` +
    `${JSON.stringify(report.resourcesAtEnd)} (at the start: ` +
    `${JSON.stringify(report.resourcesAtStart)}); created by the run and ` +
    `still alive: ${JSON.stringify(report.leaked.map((h) => h.type))}`)
  for (const { type, stack } of report.leaked) {
    console.log(`  ${type} made at ${stack}`)
  }
  if (report.leaked.length > 0) failures.push('handles leaked')
  console.log(failures.length === 0
    ? 'soak: ok'
    : `soak: FAILED: ${failures.join('; ')}`)
  return failures.length === 0 ? 0 : 1
}

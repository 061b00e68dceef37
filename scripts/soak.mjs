// Soak: ships logs through @lokits/pino (pino's worker thread) and
// @lokits/winston at a steady rate into a testkit receiver that runs in
// its own process and misbehaves on a random, seeded schedule; then
// prints the ledger of each adapter (entry by entry), peak RSS, the heap
// after GC of the main thread, of winston's delivery worker and of pino's
// worker, retries and the
// handles left, and exits 1 on any entry unaccounted for, stored twice or
// both stored and dropped, heap growth beyond the configured queue
// bounds, or a handle the loggers created still alive after close.
//
//   node scripts/soak.mjs [--duration-s 120] [--rate 200] [--seed N]
//     [--max-queue-entries 500] [--max-queue-bytes 8388608]
//     [--pino-overflow block] [--winston-overflow drop-oldest]
//     [--self-check leak,retain,retain-worker,cancel]
//
// `--rate` is entries per second per adapter. The same seed replays the
// same fault schedule (the timing of the logs around it still varies).
// `--self-check` plants what each check exists to catch, to show that it
// fails: `leak` an unref'd interval, `retain` and `retain-worker` heap
// held in the main thread or in pino's worker, `cancel` a lost entry and
// an entry both stored and dropped (their counts cancel out).
import { spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { sumReports } from '../test/reliability/helpers/drop-reports.mjs'
import { idOf } from '../test/reliability/helpers/lines.mjs'
import { DROPPED_EVENT } from '../test/reliability/fixtures/pino-target.mjs'
import { runFaults } from './soak/faults.mjs'
import { trackHandles } from './soak/handles.mjs'
import {
  FIXED_ALLOWANCE_BYTES, HeapSamples, PER_ENTRY_OVERHEAD_BYTES, heapAfterGc,
  heapBound, mib, retain, workerHeapAfterGc,
} from './soak/heap.mjs'
import { ledger } from './soak/ledger.mjs'
import { HEAP_EVENT } from './soak/pino-target.mjs'
import { receiverProcess } from './soak/receiver.mjs'
import { printReport } from './soak/report.mjs'

const SELF = fileURLToPath(import.meta.url)
const PINO_TARGET = fileURLToPath(
  new URL('./soak/pino-target.mjs', import.meta.url))
const ADAPTERS = ['pino', 'winston']
const SELF_CHECKS = ['leak', 'retain', 'retain-worker', 'cancel']

const { values: args } = parseArgs({
  options: {
    'duration-s': { type: 'string', default: '120' },
    rate: { type: 'string', default: '200' },
    seed: { type: 'string' },
    'max-queue-entries': { type: 'string', default: '500' },
    'max-queue-bytes': { type: 'string', default: String(8 * 1024 * 1024) },
    'pino-overflow': { type: 'string', default: 'block' },
    'winston-overflow': { type: 'string', default: 'drop-oldest' },
    'self-check': { type: 'string', default: '' },
  },
})

function settings (values) {
  const number = (name) => {
    const value = Number(values[name])
    if (!Number.isFinite(value) || value <= 0) {
      throw new Error(`--${name} must be a positive number; got ` +
        values[name])
    }
    return value
  }
  const selfCheck = new Set(values['self-check'].split(',').filter(Boolean))
  for (const check of selfCheck) {
    if (!SELF_CHECKS.includes(check)) {
      throw new Error(`--self-check takes ${SELF_CHECKS.join(', ')}; got ` +
        check)
    }
  }
  return {
    durationMs: number('duration-s') * 1000,
    rate: number('rate'),
    seed: values.seed === undefined
      ? Math.floor(Math.random() * 2 ** 31)
      : Math.floor(number('seed')),
    maxQueueEntries: number('max-queue-entries'),
    maxQueueBytes: number('max-queue-bytes'),
    overflow: {
      pino: values['pino-overflow'],
      winston: values['winston-overflow'],
    },
    selfCheck,
  }
}

// ---- the soak process -------------------------------------------------

async function soak (config) {
  // stdout and stderr are created on first use; as pipes they count as
  // resources, so they must be there before the baseline is taken.
  void process.stdout
  void process.stderr
  const resourcesAtStart = process.getActiveResourcesInfo()
  const bound = heapBound(config)
  console.log(`soak: seed ${config.seed}, ${config.durationMs / 1000} s, ` +
    `${config.rate} entries/s per adapter, overflow pino ` +
    `${config.overflow.pino} / winston ${config.overflow.winston}, ` +
    `bounds ${config.maxQueueEntries} entries / ` +
    `${config.maxQueueBytes} bytes per client` +
    (config.selfCheck.size === 0
      ? ''
      : `; self-check: ${[...config.selfCheck].join(', ')}`))
  console.log(`heap bound per client: maxQueueBytes ` +
    `${mib(config.maxQueueBytes)} + maxQueueEntries ` +
    `${config.maxQueueEntries} × ${PER_ENTRY_OVERHEAD_BYTES} bytes + ` +
    `${mib(FIXED_ALLOWANCE_BYTES)} fixed = ${mib(bound)}`)
  const receiver = await receiverProcess(ADAPTERS)
  // Loaded before the baseline: code is not growth.
  const modules = await loadLoggers()
  const handles = trackHandles()
  const mainHeap = new HeapSamples()
  mainHeap.add(heapAfterGc())
  const retained = retain(config.selfCheck.has('retain') ? 1.5 * bound : 0)

  const options = (adapter) => ({
    url: receiver.url,
    labels: { adapter },
    maxWaitMs: 200,
    timeoutMs: 2000,
    maxQueueEntries: config.maxQueueEntries,
    maxQueueBytes: config.maxQueueBytes,
    overflow: config.overflow[adapter],
    closeTimeoutMs: 8000,
    // Faults never last long; enough attempts ride out any of them.
    retry: { minDelayMs: 50, maxDelayMs: 2000, maxAttempts: 100 },
    onDropReport: false,
  })
  const pino = startPino(modules, options('pino'), config, bound)
  const winston = await startWinston(modules, options('winston'))
  if (config.selfCheck.has('leak')) setInterval(() => {}, 60_000).unref()

  const deadline = Date.now() + config.durationMs
  const faults = runFaults(receiver, config.seed, deadline, console.log)
  await steadyRate(config.rate, deadline, () => {
    mainHeap.add(heapAfterGc())
    winston.sampleWorkerHeap()
  }, () => {
    pino.log()
    winston.log()
  })
  await faults.stopped
  await receiver.call({ op: 'heal' })
  await winston.sampleWorkerHeap()

  await winston.end()
  await pino.end()
  const stored = await receiver.call({ op: 'tally' })
  await receiver.stop()
  mainHeap.add(heapAfterGc())
  void retained.length
  if (config.selfCheck.has('cancel')) cancelOut(pino.run, stored.pino)

  return printReport({
    ledgers: {
      pino: ledger(pino.run, stored.pino),
      winston: ledger(winston.run, stored.winston),
    },
    faults: faults.counts,
    bound,
    heap: {
      main: mainHeap,
      winstonWorker: winston.workerHeap,
      pinoWorker: pino.workerHeap,
    },
    peakRssKiB: process.resourceUsage().maxRSS,
    receiverPeakRssKiB: stored.maxRssKiB,
    leaked: await handles.leaked(),
    resourcesAtEnd: process.getActiveResourcesInfo(),
    resourcesAtStart,
  })
}

async function loadLoggers () {
  const [pino, lokitsPino, lokitsWinston, winston] = await Promise.all([
    import('pino'), import('@lokits/pino'), import('@lokits/winston'),
    import('winston')])
  return { pino: pino.default, winston: winston.default,
    DROP_EVENT: lokitsPino.DROP_EVENT, STATS_EVENT: lokitsPino.STATS_EVENT,
    LokiTransport: lokitsWinston.LokiTransport }
}

function startPino (modules, options, config, bound) {
  const { pino, DROP_EVENT, STATS_EVENT } = modules
  const run = { logged: 0, reports: [], droppedIds: [] }
  const workerHeap = new HeapSamples()
  const transport = pino.transport({ target: PINO_TARGET, options: {
    ...options,
    heapSampleMs: 1000,
    retainBytes: config.selfCheck.has('retain-worker') ? 1.5 * bound : 0,
  } })
  transport.on(DROP_EVENT, (report) => run.reports.push(report))
  transport.on(DROPPED_EVENT, ({ ids }) => run.droppedIds.push(...ids))
  transport.on(HEAP_EVENT, (bytes) => workerHeap.add(bytes))
  const logger = pino(transport)
  return {
    run,
    workerHeap,
    log: () => logOne(run, (line) => logger.info({ n: run.logged }, line)),
    async end () {
      // pino unrefs its worker: this handle keeps the process until the
      // worker's final stats and heap have come across.
      const keepAlive = setInterval(() => {}, 60_000)
      const final = once(transport, STATS_EVENT)
      const closed = once(transport, 'close')
      transport.end()
      ;[run.stats] = await final
      await closed
      clearInterval(keepAlive)
      run.drops = sumReports(run.reports)
    },
  }
}

async function startWinston ({ LokiTransport, winston }, options) {
  const run = { logged: 0, drops: {}, droppedIds: [] }
  // The transport starts its delivery worker as it is made, and Node tells
  // of a new worker on the next tick: the one told of from here to the
  // next turn is winston's (pino's was told of before).
  await new Promise(setImmediate)
  const workers = []
  // Its 'online' comes through its port, so never before this is told.
  const started = (worker) => workers.push(once(worker, 'online')
    .then(() => worker))
  process.on('worker', started)
  const transport = new LokiTransport({
    ...options,
    onDrop: (entries, reason) => {
      run.drops[reason] = (run.drops[reason] ?? 0) + entries.length
      for (const entry of entries) run.droppedIds.push(idOf(entry.line))
    },
  })
  await new Promise(setImmediate)
  process.off('worker', started)
  if (workers.length !== 1) {
    throw new Error(`winston's transport started ${workers.length} workers`)
  }
  const worker = await workers[0]
  const workerHeap = new HeapSamples()
  let sampling
  const sampleWorkerHeap = () => {
    // A sample is taken once the last is in; the worker pauses meanwhile.
    sampling ??= workerHeapAfterGc(worker)
      .then((bytes) => workerHeap.add(bytes),
        (error) => { workerHeap.error ??= error })
      .finally(() => { sampling = undefined })
    return sampling
  }
  const logger = winston.createLogger({ transports: [transport] })
  const log = () => logOne(run, (line) => logger.info(line))
  // The baseline once a first entry was pushed: the worker's code is
  // loaded then, undici's included, and code is not growth.
  log()
  await transport.flush()
  await sampleWorkerHeap()
  return {
    run,
    workerHeap,
    sampleWorkerHeap,
    log,
    async end () {
      const finished = once(logger, 'finish')
      logger.end()
      await finished
      run.stats = transport.stats()
    },
  }
}

function logOne (run, log) {
  const i = run.logged++
  log(`soak entry #${i}# ${'.'.repeat(i % 64)}`)
}

/** Calls `tick` `rate` times a second until the deadline, steadily. */
async function steadyRate (rate, deadline, everyFiveSeconds, tick) {
  const started = Date.now()
  let done = 0
  let nextSample = started + 5000
  while (Date.now() < deadline) {
    const due = Math.floor((Date.now() - started) * rate / 1000)
    for (; done < due; done++) tick()
    if (Date.now() >= nextSample) {
      everyFiveSeconds()
      nextSample += 5000
    }
    await sleep(20)
  }
}

/**
 * The self-check `cancel`: one stored line made lost, and another stored
 * one reported dropped as well. The counts still add up; only the ledger
 * by entry can see it.
 */
function cancelOut (run, stored) {
  const [lost, alsoDropped] = stored.ids
  stored.ids = stored.ids.filter((id) => id !== lost)
  run.droppedIds.push(alsoDropped)
  run.drops.shutdown = (run.drops.shutdown ?? 0) + 1
  run.stats = { ...run.stats, dropped: run.stats.dropped + 1,
    droppedByReason: { ...run.stats.droppedByReason,
      shutdown: run.stats.droppedByReason.shutdown + 1 } }
}

// Last, so that every constant above is initialised.
if (typeof globalThis.gc !== 'function') {
  // Heap figures mean something only after a full collection.
  const run = spawnSync(process.execPath,
    ['--expose-gc', SELF, ...process.argv.slice(2)], { stdio: 'inherit' })
  process.exit(run.status ?? 1)
} else {
  process.exitCode = await soak(settings(args))
}

// Where the examples send their logs: the Loki at LOKI_URL, or, without
// one, a testkit receiver started for them in a process of its own (pino
// blocks its main thread while its worker closes, so a receiver in the
// same process could not answer).
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'

const receiverProcess = fileURLToPath(
  new URL('receiver-process.mjs', import.meta.url))

/**
 * Runs `example(url)` against LOKI_URL or a fresh receiver started with
 * `receiverOptions` (those of the testkit's `startLokiReceiver()`, for
 * example `{ auth }` to require credentials as a gateway does); with a
 * receiver, prints what it stored once the example is done.
 */
export async function withLoki (example, receiverOptions = {}) {
  const given = process.env.LOKI_URL
  if (given) {
    await example(given)
    return
  }
  const receiver = spawn(process.execPath,
    [receiverProcess, JSON.stringify(receiverOptions)],
    { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: receiver.stdout })[
    Symbol.asyncIterator]()
  const url = (await lines.next()).value
  try {
    await example(url)
  } finally {
    receiver.stdin.end()
  }
  const summary = JSON.parse((await lines.next()).value)
  await once(receiver, 'exit')
  printStreams(summary.streams)
}

/** Prints each stream with its entry count and first lines. */
export function printStreams (streams, linesPerStream = 2) {
  for (const stream of streams) {
    const tenant = stream.tenant === 'fake' ? '' : ` (tenant ${stream.tenant})`
    console.log(`${stream.stream}${tenant}: ${stream.entries.length} ` +
      `entr${stream.entries.length === 1 ? 'y' : 'ies'}`)
    for (const entry of stream.entries.slice(0, linesPerStream)) {
      const metadata = Object.keys(entry.structuredMetadata).length === 0
        ? ''
        : `  ${JSON.stringify(entry.structuredMetadata)}`
      console.log(`  ${entry.timestamp}  ${entry.line.slice(0, 100)}` +
        metadata)
    }
  }
}

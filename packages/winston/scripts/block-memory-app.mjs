// The application side of block-memory.mjs: logs up to RATE entries a
// second through a LokiTransport in block mode and prints a JSON sample
// of its memory every 500 ms. Ends on the line "end" on stdin, through
// logger.end() and 'finish'.
//   node block-memory-app.mjs <url> <rate> <paced|naive> <maxQueueEntries>
// paced: waits for 'drain' whenever logger.write() returns false, as an
//        application that honours winston's stream backpressure does.
// naive: calls logger.info() on schedule whatever write() returned.
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { setTimeout as delay } from 'node:timers/promises'
import { LokiTransport } from '@lokits/winston'
import winston from 'winston'

const [url, rateText, mode, queueText] = process.argv.slice(2)
const rate = Number(rateText)
const transport = new LokiTransport({ url, overflow: 'block',
  maxQueueEntries: Number(queueText), maxEntries: 1000,
  onDropReport: false })
const logger = winston.createLogger({ transports: [transport] })
let accepted = 0
transport.on('logged', () => accepted++)

let ending = false
createInterface({ input: process.stdin }).on('line', () => { ending = true })

const sampler = setInterval(() => {
  const { heapUsed, rss } = process.memoryUsage()
  const { queuedEntries, inFlightEntries, waitingPushes, dropped } =
    transport.stats()
  console.log(JSON.stringify({ accepted, heapUsed, rss, queuedEntries,
    inFlightEntries, waitingPushes, dropped,
    buffered: logger.writableLength }))
}, 500)

const started = performance.now()
let logged = 0
while (!ending) {
  const target = Math.floor((performance.now() - started) / 1000 * rate)
  while (logged < target && !ending) {
    const more = logger.write({ level: 'info', message: 'request handled',
      path: `/api/orders/${logged}`, status: 200, i: logged++ })
    if (!more && mode === 'paced') await once(logger, 'drain')
  }
  await delay(5)
}
clearInterval(sampler)
logger.on('finish', () => {
  console.log(JSON.stringify({ done: true, logged, accepted,
    dropped: transport.stats().dropped }))
  process.exit(0)
})
logger.end()

// What a winston log call costs on the application's thread, and the CPU
// of the whole process per entry, in bursts of 100,000 request logs
// (1,000 per turn of the event loop) through winston's JSON format: with
// a transport that only calls back (winston's own cost), one that also
// reads the formatted line once (what any transport that ships the line
// pays first: winston's format builds it by concatenation, and the first
// read flattens it), and LokiTransport with and without its delivery
// worker, pushing to a child process that answers 204 without decoding.
// Prints medians over rounds; asserts nothing on timing.
//   node scripts/call-cost.mjs [rounds=7]
import { LokiTransport } from '@lokits/winston'
import winston from 'winston'
import TransportStream from 'winston-transport'
import { startSinkProcess } from '../../core/scripts/sink-process.mjs'

const ROUNDS = Number(process.argv[2] ?? 7)
const ENTRIES = 100_000
const TURN = 1000
const MESSAGE = Symbol.for('message')
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE']

class CallbackTransport extends TransportStream {
  log (_info, callback) {
    callback()
  }
}

class LineReadingTransport extends TransportStream {
  checksum = 0

  log (info, callback) {
    this.checksum += info[MESSAGE].charCodeAt(10)
    callback()
  }
}

function fields (i) {
  return {
    req: { id: `req-${i}`, method: METHODS[i % METHODS.length],
      url: `/api/items/${i % 500}?page=${i % 7}`,
      remoteAddress: `10.0.${(i >> 8) & 255}.${i & 255}` },
    res: { statusCode: 200 }, responseTime: (i % 97) + 0.25, seq: i,
  }
}

async function burst (logger, transport, from) {
  let callNs = 0
  for (let done = 0; done < ENTRIES; done += TURN) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < TURN; i++) {
      logger.info('request completed', fields(from + done + i))
    }
    callNs += Number(process.hrtime.bigint() - start)
    await new Promise((resolve) => setImmediate(resolve))
  }
  await transport.flush?.()
  return callNs / 1000 / ENTRIES
}

async function measure (transport) {
  const logger = winston.createLogger({ format: winston.format.json(),
    transports: [transport] })
  await burst(logger, transport, 0) // warm-up
  const calls = []
  const cpu = []
  for (let round = 1; round <= ROUNDS; round++) {
    const before = process.cpuUsage()
    calls.push(await burst(logger, transport, round * ENTRIES))
    const used = process.cpuUsage(before)
    cpu.push((used.user + used.system) / ENTRIES)
  }
  await transport.close?.()
  return { call: median(calls), cpu: median(cpu) }
}

const median = (values) =>
  values.slice().sort((a, b) => a - b)[values.length >> 1]

const sink = await startSinkProcess()
const cases = [
  ['callback only', () => new CallbackTransport()],
  ['reads the line', () => new LineReadingTransport()],
  ['LokiTransport', () => new LokiTransport({ url: sink.url })],
  ['LokiTransport, worker: false',
    () => new LokiTransport({ url: sink.url, worker: false })],
]
console.log(`bursts of ${ENTRIES}, median of ${ROUNDS} rounds`)
for (const [name, make] of cases) {
  const { call, cpu } = await measure(make())
  console.log(`${name.padEnd(29)} ${call.toFixed(2)} µs a call, ` +
    `CPU ${cpu.toFixed(2)} µs an entry`)
}
await sink.stop()

// Measures event-loop delay (p50, p99, max) and CPU while a winston logger
// logs RATE entries a second for SECONDS seconds: with a transport that
// does nothing (winston's own cost), then with LokiTransport in each
// encoding, and once with its work on this thread (`worker: false`).
// CPU is the process's, every thread's. Pushes go to a child process that answers 204 without
// decoding, so that only the client's work is on this event loop.
//   node scripts/event-loop-delay.mjs [rate=50000] [seconds=10]
import { once } from 'node:events'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { setTimeout as delay } from 'node:timers/promises'
import { LokiTransport } from '@lokits/winston'
import winston from 'winston'
import TransportStream from 'winston-transport'
import { startSinkProcess } from '../../core/scripts/sink-process.mjs'

const rate = Number(process.argv[2] ?? 50_000)
const seconds = Number(process.argv[3] ?? 10)
const TICK_MS = 5

/** Logs at `rate` a second for `seconds`, measuring the event loop. */
async function measure (transport) {
  const logger = winston.createLogger({
    format: winston.format.combine(winston.format.timestamp(),
      winston.format.json()),
    defaultMeta: { service: 'api' },
    transports: [transport],
  })
  const histogram = monitorEventLoopDelay({ resolution: 1 })
  const cpu = process.cpuUsage()
  const started = performance.now()
  let logged = 0
  histogram.enable()
  while (performance.now() - started < seconds * 1000) {
    // Catch up to the target count: timer jitter must not lower the rate.
    const target = Math.floor((performance.now() - started) / 1000 * rate)
    for (; logged < target; logged++) {
      logger.info('request handled', { method: 'GET', status: 200,
        path: `/api/orders/${logged}`, durationMs: 12.5, requestId: logged })
    }
    await delay(TICK_MS)
  }
  histogram.disable()
  const elapsedMs = performance.now() - started
  const used = process.cpuUsage(cpu)
  // The documented shutdown, so that what winston still buffers arrives.
  logger.end()
  await once(logger, 'finish')
  return {
    histogram,
    logged,
    rate: Math.round(logged / elapsedMs * 1000),
    cpu: (used.user + used.system) / 1000 / elapsedMs,
  }
}

const ms = (ns) => (ns / 1e6).toFixed(1).padStart(6)
function report (name, result, extra = '') {
  const { histogram, rate: achieved, cpu } = result
  console.log(`${name.padEnd(38)} ${String(achieved).padStart(6)}/s  ` +
    `cpu ${(cpu * 100).toFixed(0).padStart(3)}%  ` +
    `delay p50 ${ms(histogram.percentile(50))} ms  ` +
    `p99 ${ms(histogram.percentile(99))} ms  ` +
    `max ${ms(histogram.max)} ms${extra}`)
}

class NullTransport extends TransportStream {
  log (_info, next) { next() }
}

const VARIANTS = [
  ['protobuf', { encoding: 'protobuf' }],
  ['protobuf 256 KiB', { encoding: 'protobuf', maxBytes: 256 * 1024 }],
  ['json', { encoding: 'json' }],
  ['json+gzip', { encoding: 'json', gzip: true }],
  ['protobuf, worker: false', { encoding: 'protobuf', worker: false }],
]

console.log(`${rate} entries/s for ${seconds} s, node ${process.version}`)
report('no-op transport', await measure(new NullTransport()))
for (const [name, options] of VARIANTS) {
  const sink = await startSinkProcess()
  const transport = new LokiTransport({ url: sink.url, ...options,
    labels: { app: 'bench' }, labelKeys: ['service'],
    closeTimeoutMs: 60_000, onDropReport: false })
  const result = await measure(transport)
  const { sent, dropped } = transport.stats()
  await sink.stop()
  report(`LokiTransport ${name}`, result, `  sent ${sent} dropped ${dropped}`)
}

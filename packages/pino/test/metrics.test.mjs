import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import pino from 'pino'
import { Registry } from 'prom-client'
import { registerLokiMetrics } from '@lokits/core/prometheus'
import { startLokiReceiver } from '@lokits/testkit'
import { transportStats, STATS_EVENT } from '@lokits/pino'

const target = fileURLToPath(
  new URL('../dist/esm/index.js', import.meta.url))

test('the stats of the client in pino\'s worker reach a Prometheus ' +
  'registry in the main thread', async (t) => {
  const receiver = await startLokiReceiver()
  t.after(() => receiver.close())
  const transport = pino.transport({
    target,
    options: { url: receiver.url, maxWaitMs: 0, statsIntervalMs: 20,
      labels: { service: 'metrics' }, onDropReport: false },
  })
  const registry = new Registry()
  registerLokiMetrics(registry, transportStats(transport),
    { labels: { logger: 'pino' } })
  const logger = pino(transport)
  const stored = new Promise((resolve) => {
    transport.on(STATS_EVENT, (stats) => {
      if (stats.sent === 20) resolve()
    })
  })

  for (let i = 0; i < 20; i++) logger.info(`line ${i}`)
  await receiver.waitForEntries(20)
  await stored
  const text = await registry.metrics()

  assert.match(text, /^lokits_entries_pushed_total\{logger="pino"\} 20$/m)
  assert.match(text, /^lokits_entries_sent_total\{logger="pino"\} 20$/m)
  assert.match(text,
    /^lokits_entries_dropped_total\{reason="queue_full",logger="pino"\} 0$/m)
  assert.match(text, /^lokits_queue_entries\{logger="pino"\} 0$/m)
  // Everything is delivered, so ending blocks the main thread only for
  // the worker's own close.
  transport.end()
})

test('before any stats arrive, the registry shows no samples', async () => {
  const registry = new Registry()
  const { EventEmitter } = await import('node:events')
  const transport = new EventEmitter()
  registerLokiMetrics(registry, transportStats(transport))
  assert.doesNotMatch(await registry.metrics(),
    /^lokits_entries_sent_total /m)
  transport.emit(STATS_EVENT, { pushed: 1, sent: 1, sentBytes: 10,
    pushedBytes: 10, dropped: 0, droppedByReason: {}, retries: 0,
    requests: { success: 1, rateLimited: 0, clientError: 0, serverError: 0,
      network: 0 },
    requestDuration: { count: 1, sumSeconds: 0.01, buckets: [] },
    queuedEntries: 0, queuedBytes: 0, inFlightEntries: 0,
    inFlightRequests: 0, waitingPushes: 0 })
  assert.match(await registry.metrics(), /^lokits_entries_sent_total 1$/m)
})

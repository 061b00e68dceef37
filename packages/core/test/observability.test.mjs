import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import diagnosticsChannel from 'node:diagnostics_channel'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { Registry } from 'prom-client'
import { LokiDropError, LokiPushError } from '@lokits/core'
import { registerLokiMetrics } from '@lokits/core/prometheus'
import { FakeClock, InstantClock } from './helpers/fake-clock.mjs'
import { clientAndReceiver } from './helpers/setup.mjs'

const run = promisify(execFile)
const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures')

test('stats() counts pushes, sends, bytes and requests by outcome',
  async (t) => {
    // The 400 is counted whole: no probing of which entries it refused.
    const { client, receiver } = await clientAndReceiver(t,
      { clock: new InstantClock(), maxEntries: 2,
        retry: { maxRejectedProbes: 0 } })
    receiver.script([{ status: 429 }, { status: 503 }, { reset: true },
      { status: 400 }])
    for (let i = 0; i < 4; i++) client.push({ line: `line ${i}` })
    await client.flush()
    const stats = client.stats()
    assert.equal(stats.pushed, 4)
    assert.ok(stats.pushedBytes > 4 * 'line 0'.length)
    assert.equal(stats.sent, 2)
    assert.equal(stats.sentBytes, receiver.requests().at(-1).bodyBytes)
    assert.deepEqual(stats.requests, { success: 1, rateLimited: 1,
      clientError: 1, serverError: 1, network: 1 })
    assert.equal(stats.retries, 3)
    assert.equal(stats.droppedByReason.rejected, 2)
    assert.equal(stats.requestDuration.count, 5)
    assert.equal(stats.requestDuration.buckets.at(-1), 5)
    assert.equal(stats.pushed, stats.sent + stats.dropped)
  })

test('stats() shows queue depth, requests and entries in flight, and ' +
  'waiting pushes', async (t) => {
  const { client, receiver } = await clientAndReceiver(t,
    { maxEntries: 3, maxQueueEntries: 5, maxWaitMs: 60_000 })
  receiver.stall()
  for (let i = 0; i < 7; i++) client.push({ line: String(i) })
  const stats = client.stats()
  assert.equal(stats.inFlightRequests, 1)
  assert.equal(stats.inFlightEntries, 3)
  assert.equal(stats.queuedEntries, 2)
  assert.ok(stats.queuedBytes > 0)
  assert.equal(stats.waitingPushes, 2)
  receiver.resume()
  await client.flush()
  assert.equal(client.stats().queuedEntries, 0)
})

test('onDrop receives the entries and the reason', async (t) => {
  const { client, drops } = await clientAndReceiver(t)
  const seen = []
  const { client: other } = await clientAndReceiver(t, {
    onDrop: (entries, reason) => seen.push({ entries, reason }),
    lineTooLong: 'drop',
    maxLineBytes: 100,
  })
  other.push({ line: 'x'.repeat(101), labels: { level: 'info' } })
  assert.equal(seen.length, 1)
  assert.equal(seen[0].reason, 'line_too_long')
  assert.equal(seen[0].entries[0].line, 'x'.repeat(101))
  assert.deepEqual(drops, [])
  await client.flush()
})

test('onError receives push failures and drops as typed errors',
  async (t) => {
    const errors = []
    const { client, receiver } = await clientAndReceiver(t, {
      clock: new InstantClock(),
      onError: (error) => errors.push(error),
      retry: { maxAttempts: 2 },
    })
    receiver.fail({ status: 502 })
    client.push({ line: 'lost' })
    await client.flush()
    assert.deepEqual(errors.map((e) => [e.constructor.name, e.code]), [
      ['LokiPushError', 'LOKI_PUSH_FAILED'],
      ['LokiPushError', 'LOKI_PUSH_FAILED'],
      ['LokiDropError', 'LOKI_DROPPED'],
    ])
    assert.ok(errors[0] instanceof LokiPushError)
    assert.equal(errors[0].willRetry, true)
    assert.equal(errors[1].willRetry, true)
    assert.ok(errors[2] instanceof LokiDropError)
    assert.equal(errors[2].reason, 'max_retries')
  })

test('diagnostics channels publish pushes, errors, retries and drops',
  async (t) => {
    const events = []
    const names = ['lokits:push:start', 'lokits:push:end',
      'lokits:push:error', 'lokits:retry', 'lokits:drop']
    const listeners = names.map((name) => {
      const listener = (message) => events.push([name, message])
      diagnosticsChannel.subscribe(name, listener)
      return [name, listener]
    })
    t.after(() => {
      for (const [name, l] of listeners) diagnosticsChannel.unsubscribe(name, l)
    })
    const { client, receiver } = await clientAndReceiver(t,
      { clock: new InstantClock() })
    receiver.script([{ status: 503 }, { status: 400 }])
    client.push({ line: 'a' })
    await client.flush()
    assert.deepEqual(events.map(([name]) => name), [
      'lokits:push:start', 'lokits:push:error', 'lokits:retry',
      'lokits:push:start', 'lokits:push:error', 'lokits:drop',
    ])
    client.push({ line: 'b' })
    await client.flush()
    const end = events.find(([name]) => name === 'lokits:push:end')[1]
    assert.equal(end.status, 204)
    assert.equal(end.entries, 1)
    assert.ok(end.durationMs >= 0)
    assert.deepEqual(events.find(([name]) => name === 'lokits:drop')[1],
      { reason: 'rejected', count: 1 })
  })

test('NODE_DEBUG=lokits traces decisions without credentials', async (t) => {
  const { receiver } = await clientAndReceiver(t)
  receiver.script([{ status: 500, body: 'try again' }])
  const { stderr } = await run(process.execPath,
    [join(fixtures, 'debug-trace.mjs'), receiver.url],
    { env: { ...process.env, NODE_DEBUG: 'lokits' }, timeout: 20_000 })
  assert.match(stderr, /LOKITS \d+: retry 1 in \d+ ms after 500/)
  assert.match(stderr, /LOKITS \d+: pushed 3 entries \(204\)/)
  assert.doesNotMatch(stderr, /secret|aW5zdGFuY2Ut/)
})

test('credentials never reach errors, hooks or stats', async (t) => {
  const seen = []
  const { client, receiver } = await clientAndReceiver(t, {
    clock: new InstantClock(),
    bearerToken: 'secret-token',
    headers: { 'x-api-key': 'secret-header' },
    retry: { maxAttempts: 2 },
    onError: (error) => seen.push(error.message, String(error.stack)),
    onDrop: (entries, reason) => seen.push(JSON.stringify(entries), reason),
    onRetry: (info) => seen.push(JSON.stringify(info)),
  })
  receiver.fail({ status: 401, body: 'unauthorized' })
  client.push({ line: 'x' })
  await client.flush()
  assert.equal(receiver.requests()[0].headers.authorization,
    'Bearer secret-token')
  seen.push(JSON.stringify(client.stats()))
  for (const text of seen) assert.doesNotMatch(text, /secret/)
})

test('the first drop is reported at once, later ones in a summary',
  async (t) => {
    const clock = new FakeClock()
    const reports = []
    const { client } = await clientAndReceiver(t, {
      clock,
      onDropReport: (report) => reports.push(report),
      dropReportIntervalMs: 10_000,
      lineTooLong: 'drop',
      maxLineBytes: 64,
    })
    const long = 'x'.repeat(65)
    client.push({ line: long })
    assert.equal(reports.length, 1)
    assert.equal(reports[0].first, true)
    assert.match(reports[0].message, /dropped 1 log entry \(line_too_long/)

    for (let i = 0; i < 500; i++) client.push({ line: long })
    assert.equal(reports.length, 1)
    clock.advance(10_000)
    assert.equal(reports.length, 2)
    assert.deepEqual(reports[1].byReason, { line_too_long: 500 })
    assert.equal(reports[1].first, false)

    clock.advance(10_000)
    client.push({ line: long })
    assert.equal(reports.length, 3, 'quiet again: reported at once')
    assert.equal(reports[2].first, true)
  })

test('drops are reported as a process warning by default', async (t) => {
  const warnings = []
  const onWarning = (warning) => warnings.push(warning)
  process.on('warning', onWarning)
  t.after(() => process.off('warning', onWarning))
  const { client } = await clientAndReceiver(t, {
    onDropReport: undefined, lineTooLong: 'drop', maxLineBytes: 64,
  })
  client.push({ line: 'x'.repeat(65) })
  await new Promise((resolve) => setImmediate(resolve))
  assert.equal(warnings.length, 1)
  assert.equal(warnings[0].code, 'LOKI_DROPPED')
  assert.equal(warnings[0].name, 'LokiDropWarning')
})

test('the Prometheus collector exposes the counters at scrape time',
  async (t) => {
    const { client, receiver } = await clientAndReceiver(t,
      { lineTooLong: 'drop', maxLineBytes: 64 })
    const registry = new Registry()
    registerLokiMetrics(registry, client, { labels: { logger: 'api' } })
    client.push({ line: 'ok' })
    client.push({ line: 'x'.repeat(65) })
    await client.flush()
    const text = await registry.metrics()
    assert.match(text, /^lokits_entries_pushed_total\{logger="api"\} 2$/m)
    assert.match(text, /^lokits_entries_sent_total\{logger="api"\} 1$/m)
    assert.match(text,
      /^lokits_entries_dropped_total\{reason="line_too_long",logger="api"\} 1$/m)
    assert.match(text,
      /^lokits_requests_total\{outcome="success",logger="api"\} 1$/m)
    assert.match(text,
      /^lokits_request_duration_seconds_bucket\{le="\+Inf",logger="api"\} 1$/m)
    assert.match(text, /^lokits_request_duration_seconds_count\{logger="api"\} 1$/m)
    assert.match(text, /^# TYPE lokits_queue_entries gauge$/m)
    assert.equal(receiver.entries().length, 1)
  })

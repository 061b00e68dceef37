import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import diagnosticsChannel from 'node:diagnostics_channel'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { isMainThread } from 'node:worker_threads'
import {
  LokiDropError, LokiOptionsError, LokiPushError, LokiWorkerClient,
} from '@lokits/core'
import { startLokiReceiver } from '@lokits/testkit'
import { clientAndReceiver, dropCounts } from './helpers/setup.mjs'

const run = promisify(execFile)
const fixture = join(dirname(fileURLToPath(import.meta.url)), 'fixtures',
  'worker-app.mjs')

const BOUNDED = { maxQueueEntries: 10, maxEntries: 5, maxWaitMs: 60_000 }

/**
 * A worker client and a receiver, both closed when the test ends; each
 * onDrop call is kept with its lines and the thread it ran in.
 */
async function workerAndReceiver (t, options = {}, receiverOptions) {
  const drops = []
  const onDrop = (entries, reason) => drops.push({ reason,
    count: entries.length, lines: entries.map((e) => e.line),
    mainThread: isMainThread })
  const { client, receiver } = await clientAndReceiver(t,
    { onDrop, ...options }, receiverOptions, LokiWorkerClient)
  return { client, receiver, drops }
}

function lines (receiver) {
  return receiver.entries().map((e) => e.line)
}

/** What stats() must add up to at any moment. */
function assertAccount (stats) {
  assert.equal(stats.pushed, stats.sent + stats.dropped +
    stats.queuedEntries + stats.inFlightEntries + stats.waitingPushes)
}

test('a worker client delivers every entry, each stream in order, and ' +
  'close() waits for them', async (t) => {
  const { client, receiver, drops } = await workerAndReceiver(t, {},
    { multiTenant: true })
  for (let i = 0; i < 3000; i++) {
    client.push({ line: `${i}`, labels: { shard: String(i % 3) },
      tenant: i % 2 === 0 ? 'even' : 'odd' })
  }
  await client.close()

  assert.deepEqual(drops, [])
  const stats = client.stats()
  assert.equal(stats.sent, 3000)
  assertAccount(stats)
  for (const stream of receiver.streams()) {
    const numbers = stream.entries.map((e) => Number(e.line))
    assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b))
  }
  assert.equal(new Set(lines(receiver)).size, 3000)
})

test('a worker client sends JSON bodies too', async (t) => {
  const { client, receiver } = await workerAndReceiver(t,
    { encoding: 'json', gzip: true })
  client.push({ line: 'a "quoted" line', structuredMetadata: { k: 'v' } })
  client.push({ line: 'é and 😀' })
  await client.flush()
  assert.deepEqual(lines(receiver), ['a "quoted" line', 'é and 😀'])
  assert.deepEqual(receiver.entries()[0].structuredMetadata, { k: 'v' })
})

test('hooks run in the calling thread: onDrop with the lines, onRetry ' +
  'and onError', async (t) => {
  const retries = []
  const errors = []
  const { client, receiver, drops } = await workerAndReceiver(t, {
    retry: { maxAttempts: 2, minDelayMs: 1, maxDelayMs: 1 },
    onRetry: (info) => retries.push({ ...info, mainThread: isMainThread }),
    onError: (error) => errors.push(error),
  })
  receiver.fail({ status: 503, body: 'unavailable' })
  client.push({ line: 'first' })
  client.push({ line: 'second' })
  await client.flush()

  assert.deepEqual(drops, [{ reason: 'max_retries', count: 2,
    lines: ['first', 'second'], mainThread: true }])
  assert.equal(retries.length, 1)
  assert.equal(retries[0].status, 503)
  assert.equal(retries[0].mainThread, true)
  assert.ok(errors.some((e) => e instanceof LokiPushError && e.status === 503))
  assert.ok(errors.some((e) => e instanceof LokiDropError &&
    e.reason === 'max_retries'))
  const stats = client.stats()
  assert.equal(stats.requests.serverError, 2)
  assert.equal(stats.retries, 1)
  assert.match(stats.lastError.message, /503 unavailable/)
})

test('diagnostics channels publish in the calling thread', async (t) => {
  const ends = []
  const onEnd = (message) => ends.push(message)
  diagnosticsChannel.subscribe('lokits:push:end', onEnd)
  t.after(() => diagnosticsChannel.unsubscribe('lokits:push:end', onEnd))
  const { client } = await workerAndReceiver(t)
  client.push({ line: 'seen' })
  await client.flush()
  assert.equal(ends.length, 1)
  assert.equal(ends[0].entries, 1)
  assert.equal(ends[0].status, 204)
})

test('drop-oldest drops the oldest entries not yet handed over, and ' +
  'keeps the newest', async (t) => {
  const { client, receiver, drops } = await workerAndReceiver(t,
    { ...BOUNDED, overflow: 'drop-oldest' })
  for (let i = 0; i < 40; i++) {
    assert.equal(client.push({ line: String(i) }), undefined)
  }
  await client.close()

  assert.deepEqual(lines(receiver).map(Number),
    Array.from({ length: 10 }, (_, i) => 30 + i))
  assert.deepEqual(drops.flatMap((d) => d.lines).map(Number),
    Array.from({ length: 30 }, (_, i) => i))
  assert.deepEqual(dropCounts(drops), { queue_full: 30 })
  assertAccount(client.stats())
})

test('drop-oldest: an onDrop hook that pushes while room is made loses ' +
  'nor repeats any entry', async (t) => {
  const pushed = []
  const dropped = []
  let client
  const push = (line) => {
    pushed.push(line)
    client.push({ line })
  }
  const made = await workerAndReceiver(t, {
    ...BOUNDED,
    overflow: 'drop-oldest',
    onDrop: (entries) => {
      dropped.push(...entries.map((e) => e.line))
      // Pushes from inside the hook, as a logger that logs drops would.
      if (dropped.length <= 5) push(`from the hook ${dropped.length}`)
    },
  })
  client = made.client
  for (let i = 0; i < 40; i++) push(`entry ${i}`)
  await client.close()

  const stored = lines(made.receiver)
  assert.equal(new Set(stored).size, stored.length, 'none stored twice')
  assert.deepEqual([...stored, ...dropped].sort(), [...pushed].sort(),
    'each entry pushed is stored or dropped, with its own line')
  assert.ok(stored.includes('entry 39'), 'the newest is kept')
  assertAccount(client.stats())
})

test('drop-oldest: the worker drops its own oldest queued entries, ' +
  'never those in flight', async (t) => {
  const { client, receiver, drops } = await workerAndReceiver(t,
    { ...BOUNDED, overflow: 'drop-oldest' })
  receiver.stall()
  for (let i = 0; i < 10; i++) client.push({ line: String(i) })
  // The worker has them: 0-4 are out, 5-9 wait.
  await receiver.waitForRequests(1)
  for (let i = 10; i < 40; i++) client.push({ line: String(i) })
  receiver.resume()
  await client.close()

  const stored = lines(receiver).map(Number)
  assert.deepEqual(stored, [0, 1, 2, 3, 4, 35, 36, 37, 38, 39])
  const dropped = drops.flatMap((d) => d.lines).map(Number)
  assert.deepEqual([...stored, ...dropped].sort((a, b) => a - b),
    Array.from({ length: 40 }, (_, i) => i))
  assert.deepEqual(dropCounts(drops), { queue_full: 30 })
  assertAccount(client.stats())
})

test('close() resolves by its deadline against a receiver that never ' +
  'answers, counting what is held as shutdown', async (t) => {
  const { client, receiver, drops } = await workerAndReceiver(t,
    { timeoutMs: 60_000 })
  receiver.fail({ hang: true })
  for (let i = 0; i < 5; i++) client.push({ line: String(i) })
  await client.close({ timeoutMs: 200 })

  assert.deepEqual(dropCounts(drops), { shutdown: 5 })
  const stats = client.stats()
  assert.equal(stats.droppedByReason.shutdown, 5)
  assertAccount(stats)
  assert.equal(stats.queuedEntries + stats.inFlightEntries, 0)
})

test('options that need the calling thread are refused, naming the ' +
  'option', () => {
  const refused = {
    dispatcher: {},
    clock: { now: Date.now, setTimeout, clearTimeout },
    random: Math.random,
    spool: { dir: '/tmp/never-made' },
  }
  for (const [option, value] of Object.entries(refused)) {
    assert.throws(
      () => new LokiWorkerClient({ url: 'http://localhost:3100',
        [option]: value }),
      (error) => error instanceof LokiOptionsError &&
        error.option === option, option)
  }
})

test('a script that pushes and never closes sends and exits by itself',
  async () => {
    const receiver = await startLokiReceiver()
    try {
      await run(process.execPath, [fixture, receiver.url, 'end'],
        { timeout: 20_000 })
      assert.equal(receiver.entries().length, 5)
    } finally {
      await receiver.close()
    }
  })

test('process.exit() right after pushing: the worker reports what it ' +
  'held, with the lines, as shutdown', async () => {
  const receiver = await startLokiReceiver()
  try {
    receiver.stall()
    const { stdout } = await run(process.execPath,
      [fixture, receiver.url, 'exit'], { timeout: 20_000 })
    // Every entry is either stored or counted, and the hook saw the
    // lines of those counted.
    const report = JSON.parse(stdout)
    assert.equal(report.sent + report.shutdown, 5)
    assert.equal(report.linesDropped, report.shutdown)
    assert.equal(report.pushed, 5)
  } finally {
    receiver.resume()
    await receiver.close()
  }
})

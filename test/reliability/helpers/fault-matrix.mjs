// The fault matrix: what a Loki (or the network in front of it) can do
// wrong, each case run through one logger kind. In `block` mode with
// enough retries nothing may be lost; in the drop modes the ledger holds
// exactly, with the reasons the case calls for.
import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import { test } from 'node:test'
import { startLokiReceiver } from '@lokits/testkit'
import { assertLedger, storedEntries } from './ledger.mjs'
import { idOf } from './lines.mjs'
import { startLogger } from './loggers.mjs'

const COUNT = 200
// Retries come quickly so that a storm passes in milliseconds; the tests
// wait on events, never on these delays. Batches go out at flush(), so
// that each holds many entries whatever the logger.
const RETRY = { minDelayMs: 5, maxDelayMs: 20, maxAttempts: 1000 }
const BASE = { maxWaitMs: 60_000, retry: RETRY }
// Where a test waits for a push to fail before it flushes.
const AT_ONCE = { maxWaitMs: 0 }
const TOO_LARGE_500 = 'rpc error: code = ResourceExhausted desc = grpc: ' +
  'received message larger than max (4194305 vs. 4194304)'

const times = (count, step) => Array.from({ length: count }, () => step)
const statuses = (...list) => list.map((status) => ({ status }))

// [what the receiver does, extra options, the script it follows]
const RECOVERABLE = [
  ['a storm of 429s without Retry-After', {},
    times(15, { status: 429, body: 'Ingestion rate limit exceeded' })],
  ['a storm of 429s with Retry-After',
    { retry: { ...RETRY, maxRetryAfterMs: 10 } },
    times(15, { status: 429, headers: { 'retry-after': '1' } })],
  ['a burst of 500, 502, 503 and 504 answers', {},
    statuses(500, 502, 503, 504, 500, 502, 503, 504)],
  ['connections reset mid-request', {}, times(6, { reset: true })],
  ['pushes accepted and never answered', { timeoutMs: 250 },
    times(2, { hang: true })],
  ['a 413 and a "too large" 500', {},
    [{ status: 413, body: 'request body too large' },
      { status: 500, body: TOO_LARGE_500 }]],
]

async function receiverFor (t, options) {
  const receiver = await startLokiReceiver(options)
  t.after(() => receiver.close())
  return receiver
}

/** A port nothing listens on, for a receiver that starts later. */
async function freePort () {
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Logs COUNT lines, flushes, ends, and returns the run for the ledger. */
async function logAll (logger, { flush = true } = {}) {
  await logger.log(0, COUNT)
  return finish(logger, { flush })
}

async function finish (logger, { flush = true } = {}) {
  if (flush) await logger.flush()
  return logger.end()
}

/** Defines the fault matrix tests for one logger kind. */
export function faultMatrix (kind) {
  for (const [fault, options, steps] of RECOVERABLE) {
    test(`${kind}: ${fault}: block mode loses nothing`, async (t) => {
      const receiver = await receiverFor(t)
      receiver.script(steps)
      const logger = await startLogger(t, kind,
        { url: receiver.url, ...BASE, ...options })

      const run = await logAll(logger)

      assertLedger({ logged: COUNT, ...run, stored: storedEntries(receiver) })
      assert.deepEqual(run.drops, {})
      assert.ok(receiver.requests().length > steps.length,
        'every scripted fault met a push')
    })
  }

  test(`${kind}: a receiver down at start and up later: block mode ` +
    'loses nothing', async (t) => {
    const port = await freePort()
    const logger = await startLogger(t, kind,
      { url: `http://127.0.0.1:${port}`, ...BASE, ...AT_ONCE })

    await logger.log(0, COUNT)
    await logger.retries(1)
    const receiver = await receiverFor(t, { port })
    const run = await finish(logger)

    assertLedger({ logged: COUNT, ...run, stored: storedEntries(receiver) })
    assert.deepEqual(run.drops, {})
  })

  test(`${kind}: a receiver restarted mid-run: block mode loses nothing`,
    async (t) => {
      const first = await receiverFor(t)
      const logger = await startLogger(t, kind,
        { url: first.url, ...BASE, ...AT_ONCE })
      await logger.log(0, COUNT / 2)
      await logger.flush()

      await first.close()
      await logger.log(COUNT / 2, COUNT / 2)
      await logger.retries(1)
      const second = await receiverFor(t, { port: first.port })
      const run = await finish(logger)

      assertLedger({ logged: COUNT, ...run,
        stored: storedEntries(first, second) })
      assert.deepEqual(run.drops, {})
      assert.ok(second.entries().length > 0, 'the restart was crossed')
    })

  const dropCases = [
    ['a receiver that answers 503 to everything, 3 attempts a batch',
      async (t) => {
        const receiver = await receiverFor(t)
        receiver.fail({ status: 503, body: 'unavailable' })
        return { receiver, options: { retry: { ...RETRY, maxAttempts: 3 } } }
      }, { max_retries: COUNT }],
    ['a host name that does not resolve (DNS failure)', async () => ({
      options: { url: 'http://loki.invalid:3100',
        retry: { ...RETRY, maxAttempts: 3 } },
    }), { max_retries: COUNT }],
    ['a receiver that never answers, until the close deadline',
      async (t) => {
        const receiver = await receiverFor(t)
        receiver.fail({ hang: true })
        return { receiver, flush: false,
          options: { closeTimeoutMs: 300, timeoutMs: 60_000 } }
      }, { shutdown: COUNT }],
  ]
  for (const [fault, arrange, expected] of dropCases) {
    test(`${kind}: ${fault}: every entry is counted as ` +
      Object.keys(expected).join(', '), async (t) => {
      const { receiver, options, flush = true } = await arrange(t)
      const logger = await startLogger(t, kind,
        { url: receiver?.url, ...BASE, ...options })

      const run = await logAll(logger, { flush })

      const stored = receiver === undefined ? [] : storedEntries(receiver)
      assertLedger({ logged: COUNT, ...run, stored })
      assert.deepEqual(run.drops, expected)
    })
  }

  test(`${kind}: 429s with rate limits not retried: dropped as ` +
    'rate_limited, the rest stored', async (t) => {
    const receiver = await receiverFor(t)
    receiver.script(times(2, { status: 429 }))
    const logger = await startLogger(t, kind, { url: receiver.url, ...BASE,
      retry: { ...RETRY, retryRateLimited: false } })

    const run = await logAll(logger)

    assertLedger({ logged: COUNT, ...run, stored: storedEntries(receiver) })
    assert.deepEqual(Object.keys(run.drops), ['rate_limited'])
  })

  for (const overflow of ['drop-new', 'drop-oldest']) {
    test(`${kind}: a stalled receiver with overflow ${overflow}: the ` +
      'overflow is counted as queue_full', async (t) => {
      const receiver = await receiverFor(t)
      receiver.stall()
      const logger = await startLogger(t, kind, { url: receiver.url, ...BASE,
        ...AT_ONCE, overflow, maxQueueEntries: 20 })

      await logger.log(0, COUNT)
      await logger.drops(1)
      receiver.resume()
      const run = await finish(logger)

      assertLedger({ logged: COUNT, ...run, stored: storedEntries(receiver) })
      assert.deepEqual(Object.keys(run.drops), ['queue_full'])
    })
  }

  test(`${kind}: 413 for entries over the body limit: each is dropped ` +
    'as too_large after splitting, the rest stored', async (t) => {
    const receiver = await receiverFor(t, { limits: { maxBodyBytes: 4096 } })
    const logger = await startLogger(t, kind, { url: receiver.url, ...BASE })

    await logger.log(0, COUNT - 10)
    await logger.log(COUNT - 10, 10, 6000)
    const run = await finish(logger)

    assertLedger({ logged: COUNT, ...run, stored: storedEntries(receiver) })
    assert.deepEqual(run.drops, { too_large: 10 })
  })

  partialRejection(kind)
}

/** Logs COUNT lines, those for which `isLong(id)` over the line limit. */
async function logMixed (logger, isLong) {
  let from = 0
  for (let id = 1; id <= COUNT; id++) {
    if (id < COUNT && isLong(id) === isLong(from)) continue
    await logger.log(from, id - from, isLong(from) ? 2000 : 0)
    from = id
  }
}

function partialRejection (kind) {
  const arrange = async (t, isLong, options = {}) => {
    const receiver = await receiverFor(t, { limits: { maxLineSize: 1000 } })
    const logger = await startLogger(t, kind,
      { url: receiver.url, ...BASE, ...options })
    await logMixed(logger, isLong)
    return { receiver, run: await finish(logger) }
  }
  const validIds = (isLong) => range(COUNT).filter((id) => !isLong(id))
  const storedIds = (receiver) =>
    storedEntries(receiver).map((entry) => idOf(entry.line))
      .sort((a, b) => a - b)

  test(`${kind}: a partial 400 (some lines over Loki's limit): the ` +
    'refused entries are found and dropped as rejected, exactly', async (t) => {
    const isLong = (id) => id % 25 === 7
    const { receiver, run } = await arrange(t, isLong)

    assert.deepEqual(storedIds(receiver), validIds(isLong))
    assertLedger({ logged: COUNT, ...run, stored: storedEntries(receiver) })
    assert.deepEqual(run.drops, { rejected: COUNT / 25 })
  })

  test(`${kind}: a 400 with more refused entries than the probes allow: ` +
    'every entry is stored or counted as rejected', async (t) => {
    // Lines 0-9 short, 10-19 long, and so on: half of them refused.
    const isLong = (id) => Math.floor(id / 10) % 2 === 1
    const { receiver, run } = await arrange(t, isLong,
      { retry: { ...RETRY, maxRejectedProbes: 16 } })

    const ids = storedIds(receiver)
    assert.deepEqual(ids, validIds(isLong), 'every valid line stored')
    assert.deepEqual(Object.keys(run.drops), ['rejected'])
    assert.ok(run.stats.dropped >= COUNT / 2, 'every long line counted')
    // What the probes left unresolved is counted whole, though Loki may
    // hold part of it: counted twice, never lost.
    assert.ok(run.stats.dropped < COUNT, 'the probes resolved some')
    if (run.droppedIds !== undefined) {
      const reported = new Set([...ids, ...run.droppedIds])
      assert.equal(reported.size, COUNT, 'none lost silently')
    }
  })
}

function range (count) {
  return Array.from({ length: count }, (_, i) => i)
}

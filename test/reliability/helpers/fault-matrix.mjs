// The fault matrix: what a Loki (or the network in front of it) can do
// wrong, each case run through one logger kind. In `block` mode with
// enough retries nothing may be lost; in the drop modes what overflows is
// counted, the rest is stored, and the ledger holds entry by entry.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FakeClock } from '../../../packages/core/test/helpers/fake-clock.mjs'
import { COUNT, FAULTS, RETRY, times } from './fault-cases.mjs'
import { assertLedger, storedEntries } from './ledger.mjs'
import { idOf } from './lines.mjs'
import { startLogger } from './loggers.mjs'
import { partialRejection } from './partial-rejection.mjs'
import { freePort, receiverFor } from './servers.mjs'

// Batches go out at flush(), so that each holds many entries whatever the
// logger.
const BASE = { maxWaitMs: 60_000, retry: RETRY }
// Where a test waits for a push to fail before it flushes.
const AT_ONCE = { maxWaitMs: 0 }
const OVERFLOWS = ['drop-new', 'drop-oldest']
// A queue this small overflows while a push is held.
const SMALL_QUEUE = { maxQueueEntries: 20 }
const SECRET = 'hunter2'

/** Logs COUNT lines, flushes, ends, and returns the run for the ledger. */
async function logAll (logger, { flush = true } = {}) {
  await logger.log(0, COUNT)
  return finish(logger, { flush })
}

async function finish (logger, { flush = true } = {}) {
  if (flush) await logger.flush()
  return logger.end()
}

const idsOf = (receiver) => receiver.entries().map((entry) => idOf(entry.line))
const range = (from, to) =>
  Array.from({ length: to - from }, (_, i) => from + i)
const sorted = (ids) => [...ids].sort((a, b) => a - b)

/** Defines the fault matrix tests for one logger kind. */
export function faultMatrix (kind) {
  blockMode(kind)
  dropModes(kind)
  retryAfterExactly(kind)
  restarts(kind)
  lostCauses(kind)
  partialRejection(kind)

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

  test(`${kind}: 413 for entries over the body limit: each is dropped ` +
    'as too_large after splitting, the rest stored', async (t) => {
    const receiver = await receiverFor(t, { limits: { maxBodyBytes: 4096 } })
    const logger = await startLogger(t, kind, { url: receiver.url, ...BASE })

    await logger.log(0, COUNT - 10)
    await logger.log(COUNT - 10, 10, 6000)
    const run = await finish(logger)

    assertLedger({ logged: COUNT, ...run, stored: storedEntries(receiver) })
    assert.deepEqual(run.drops, { too_large: 10 })
    assert.deepEqual(sorted(run.droppedIds), range(COUNT - 10, COUNT))
  })
}

function blockMode (kind) {
  for (const [fault, options, script, check] of FAULTS) {
    test(`${kind}: ${fault}: block mode loses nothing`, async (t) => {
      const receiver = await receiverFor(t)
      const steps = script()
      receiver.script(steps)
      const logger = await startLogger(t, kind,
        { url: receiver.url, ...BASE, ...options })

      const run = await logAll(logger)

      assertLedger({ logged: COUNT, ...run, stored: storedEntries(receiver) })
      assert.deepEqual(run.drops, {})
      assert.ok(receiver.requests().length > steps.length,
        'every scripted fault met a push')
      check?.({ logger, receiver, steps })
    })
  }
}

function dropModes (kind) {
  const cases = FAULTS.filter(([, , , , inDropModes]) => inDropModes)
  for (const overflow of OVERFLOWS) {
    for (const [fault, options, script, check] of cases) {
      test(`${kind}: ${fault}, overflow ${overflow}: what overflows is ` +
        'counted as queue_full, the rest stored', async (t) => {
        const receiver = await receiverFor(t)
        const steps = script()
        // The first push is held until the queue has overflowed, so that
        // there are drops whatever the logger's pace; then the faults.
        receiver.stall()
        receiver.script(steps)
        const logger = await startLogger(t, kind, { url: receiver.url,
          ...BASE, ...AT_ONCE, ...options, ...SMALL_QUEUE, overflow })

        await logger.log(0, COUNT)
        await logger.drops(1)
        receiver.resume()
        const run = await finish(logger)

        assertLedger({ logged: COUNT, ...run,
          stored: storedEntries(receiver) })
        assert.deepEqual(Object.keys(run.drops), ['queue_full'])
        assert.ok(receiver.requests().length > steps.length,
          'every scripted fault met a push')
        check?.({ logger, receiver, steps })
      })
    }
  }
}

/**
 * Retry-After below maxRetryAfterMs is waited exactly. The core and
 * winston run on an injected clock, so the test reads each wait and moves
 * time past it; pino's worker takes no clock, so there one second really
 * passes.
 */
function retryAfterExactly (kind) {
  test(`${kind}: a 429 with Retry-After in seconds` +
    (kind === 'pino' ? '' : ' and a 503 with an HTTP date') +
    ': each retry waits exactly as told, then every entry is delivered',
  async (t) => {
    const receiver = await receiverFor(t)
    // HTTP dates have whole seconds: so does the injected clock.
    const clock = kind === 'pino'
      ? undefined
      : new FakeClock(Math.floor(Date.now() / 1000) * 1000)
    // The 503 is read 30 s on, after the first wait: its date is 90 s
    // after that.
    const waits = clock === undefined
      ? [[{ status: 429, headers: { 'retry-after': '1' } }, 1000]]
      : [[{ status: 429, headers: { 'retry-after': '30' } }, 30_000],
          [{ status: 503, headers: { 'retry-after':
            new Date(clock.now() + 30_000 + 90_000).toUTCString() } }, 90_000]]
    receiver.script(waits.map(([step]) => step))
    const logger = await startLogger(t, kind, { url: receiver.url, clock,
      ...BASE, retry: { ...RETRY, minDelayMs: 600_000, maxDelayMs: 600_000 } })

    await logger.log(0, COUNT)
    const flushed = logger.flush()
    for (const [i, [, delayMs]] of waits.entries()) {
      await logger.retries(i + 1)
      assert.equal(logger.retryDelays()[i], delayMs)
      clock?.advance(delayMs)
    }
    await flushed
    const run = await logger.end()

    assertLedger({ logged: COUNT, ...run, stored: storedEntries(receiver) })
    assert.deepEqual(run.drops, {})
    assert.deepEqual(logger.retryDelays(), waits.map(([, ms]) => ms))
  })
}

function restarts (kind) {
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

  for (const overflow of ['block', ...OVERFLOWS]) {
    const outcome = overflow === 'block'
      ? 'loses nothing'
      : 'counts what overflows as queue_full'
    test(`${kind}: a receiver restarted mid-run, overflow ${overflow}: the ` +
      `first stored the lines before, the second those after; ${outcome}`,
    async (t) => {
      const first = await receiverFor(t)
      const options = overflow === 'block' ? {} : { ...SMALL_QUEUE, overflow }
      const logger = await startLogger(t, kind,
        { url: first.url, ...BASE, ...AT_ONCE, ...options })
      await logger.log(0, COUNT / 2)
      await logger.flush()

      await first.close()
      await logger.log(COUNT / 2, COUNT / 2)
      await logger.retries(1)
      const second = await receiverFor(t, { port: first.port })
      const run = await finish(logger)

      assertLedger({ logged: COUNT, ...run,
        stored: storedEntries(first, second) })
      const before = range(0, COUNT / 2)
      const after = range(COUNT / 2, COUNT)
      const dropped = new Set(run.droppedIds)
      assert.deepEqual(sorted(idsOf(first)),
        before.filter((id) => !dropped.has(id)), 'the first stored all before')
      assert.deepEqual(sorted(idsOf(second)),
        after.filter((id) => !dropped.has(id)), 'the second stored all after')
      assert.ok(first.entries().length > 0 && second.entries().length > 0)
      if (overflow === 'block') assert.deepEqual(run.drops, {})
      else assert.deepEqual(Object.keys(run.drops), ['queue_full'])
    })
  }
}

/** Faults that outlast the retries: every entry is counted. */
function lostCauses (kind) {
  const dropCases = [
    ['a receiver that answers 503 to everything, 3 attempts a batch',
      async (t) => {
        const receiver = await receiverFor(t)
        receiver.fail({ status: 503, body: 'unavailable' })
        return { receiver, options: { retry: { ...RETRY, maxAttempts: 3 } } }
      }, { max_retries: COUNT }],
    ['a host name that does not resolve (DNS failure): the error says so, ' +
      'without the credentials of the URL', async () => ({
      options: { url: `http://instance:${SECRET}@loki.invalid:3100`,
        retry: { ...RETRY, maxAttempts: 3 } },
      check: ({ stats }) => {
        assert.match(stats.lastError.message,
          /ENOTFOUND|EAI_AGAIN/, 'the host could not be resolved')
        assert.match(stats.lastError.message, /loki\.invalid/)
        assert.doesNotMatch(JSON.stringify(stats), new RegExp(SECRET))
      },
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
      const { receiver, options, flush = true, check } = await arrange(t)
      const logger = await startLogger(t, kind,
        { url: receiver?.url, ...BASE, ...options })

      const run = await logAll(logger, { flush })

      const stored = receiver === undefined ? [] : storedEntries(receiver)
      assertLedger({ logged: COUNT, ...run, stored })
      assert.deepEqual(run.drops, expected)
      check?.(run)
    })
  }
}

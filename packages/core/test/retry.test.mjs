import assert from 'node:assert/strict'
import { test } from 'node:test'
import { LokiPushError } from '@lokits/core'
import { InstantClock } from './helpers/fake-clock.mjs'
import { clientAndReceiver, dropCounts } from './helpers/setup.mjs'

async function retrying (t, options = {}) {
  const clock = new InstantClock()
  const retries = []
  const errors = []
  const setup = await clientAndReceiver(t, {
    clock,
    random: () => 0.5,
    onRetry: (info) => retries.push(info),
    onError: (error) => errors.push(error),
    ...options,
  })
  return { ...setup, clock, retries, errors }
}

for (const status of [429, 500, 502, 503, 504]) {
  test(`retries ${status} with backoff until Loki takes the batch`,
    async (t) => {
      const { client, receiver, retries } = await retrying(t)
      receiver.script([{ status }, { status }, { status }])
      client.push({ line: 'kept' })
      await client.flush()
      assert.deepEqual(receiver.entries().map((e) => e.line), ['kept'])
      assert.deepEqual(retries.map((r) => [r.attempt, r.status, r.delayMs]),
        [[1, status, 250], [2, status, 500], [3, status, 1000]])
      assert.equal(client.stats().retries, 3)
    })
}

test('retries a connection reset', async (t) => {
  const { client, receiver, retries } = await retrying(t)
  receiver.script([{ reset: true }])
  client.push({ line: 'kept' })
  await client.flush()
  assert.equal(receiver.entries().length, 1)
  assert.equal(retries.length, 1)
  assert.equal(retries[0].status, undefined)
  assert.equal(client.stats().requests.network, 1)
})

test('retries a request that times out', async (t) => {
  const { client, receiver, retries } = await retrying(t, { timeoutMs: 100 })
  receiver.script([{ hang: true }])
  client.push({ line: 'kept' })
  await client.flush()
  assert.equal(receiver.entries().length, 1)
  assert.match(retries[0].error, /timed out after 100 ms/)
})

test('never resends a one-entry 400, and reports its status and first line',
  async (t) => {
    const { client, receiver, retries, errors, drops } = await retrying(t)
    receiver.script([{ status: 400, body: 'bad labels\nsecond line' }])
    client.push({ line: 'refused' })
    await client.flush()
    assert.equal(receiver.requests().length, 1)
    assert.equal(retries.length, 0)
    assert.deepEqual(dropCounts(drops), { rejected: 1 })
    const pushError = errors.find((e) => e instanceof LokiPushError)
    assert.equal(pushError.status, 400)
    assert.equal(pushError.body, 'bad labels')
    assert.equal(pushError.willRetry, false)
  })

test('a 400 on a batch: halves are sent again until each refused entry ' +
  'stands alone, and only those are dropped', async (t) => {
  const errors = []
  const { client, receiver, drops } = await clientAndReceiver(t,
    { maxWaitMs: 60_000, onError: (error) => errors.push(error) },
    { limits: { maxLineSize: 10 } })
  const lines = ['0', '1', '2', 'far too long', '4', '5', '6', '7']
  for (const line of lines) client.push({ line })
  await client.flush()

  // [0-7] 400, [0-3] 400, [0-1] 204, [2-3] 400, [2] 204, [3] 400, [4-7] 204
  assert.deepEqual(receiver.requests().map((r) => r.status),
    [400, 400, 204, 400, 204, 400, 204])
  assert.deepEqual(receiver.entries().map((e) => e.line).sort(),
    lines.filter((line) => line.length === 1))
  assert.deepEqual(dropCounts(drops), { rejected: 1 })
  assert.equal(client.stats().sent, 7)
  assert.match(errors.at(-1).message, /far too long|exceeded/)
})

test('by default the probes of a 400 resolve the batch however many ' +
  'entries Loki refused: every other line of 300 here', async (t) => {
  const { client, receiver, drops } = await clientAndReceiver(t,
    { maxWaitMs: 60_000 }, { limits: { maxLineSize: 10 } })
  const lines = Array.from({ length: 300 },
    (_, i) => (i % 2 === 0 ? `${i}` : `${i} far too long`))
  for (const line of lines) client.push({ line })
  await client.flush()

  // The push and more probes than a bound of 256 would have allowed.
  assert.ok(receiver.requests().length > 1 + 256)
  assert.deepEqual(receiver.entries().map((e) => e.line).sort(),
    lines.filter((line) => line.length <= 10).sort())
  assert.deepEqual(dropCounts(drops), { rejected: 150 })
  assert.ok(drops.every((drop) => drop.count === 1), 'each dropped alone')
})

test('the probes of a 400 stop at retry.maxRejectedProbes: what is left ' +
  'unresolved is counted rejected whole', async (t) => {
  const { client, receiver, drops } = await clientAndReceiver(t,
    { maxWaitMs: 60_000, retry: { maxRejectedProbes: 2 } })
  receiver.script(Array.from({ length: 10 }, () => ({ status: 400 })))
  for (let i = 0; i < 8; i++) client.push({ line: String(i) })
  await client.flush()

  assert.equal(receiver.requests().length, 3, 'the batch and its halves')
  assert.deepEqual(dropCounts(drops), { rejected: 8 })
})

test('retry.maxRejectedProbes: 0 counts a 400 batch rejected whole',
  async (t) => {
    const { client, receiver, drops } = await clientAndReceiver(t,
      { maxWaitMs: 60_000, retry: { maxRejectedProbes: 0 } })
    receiver.script([{ status: 400 }])
    for (let i = 0; i < 8; i++) client.push({ line: String(i) })
    await client.flush()

    assert.equal(receiver.requests().length, 1)
    assert.deepEqual(dropCounts(drops), { rejected: 8 })
  })

test('a 413 splits the batch and sends the halves', async (t) => {
  const { client, receiver } = await retrying(t, { maxWaitMs: 60_000 })
  receiver.script([{ status: 413 }, { status: 413 }])
  for (let i = 0; i < 8; i++) client.push({ line: String(i) })
  await client.flush()
  assert.deepEqual(receiver.requests().map((r) => r.status),
    [413, 413, 204, 204, 204])
  assert.deepEqual(receiver.entries().map((e) => e.line),
    ['0', '1', '2', '3', '4', '5', '6', '7'])
})

test('a "larger than max" 500 splits too; one entry still too large is ' +
  'dropped', async (t) => {
  const { client, receiver, drops } = await retrying(t)
  const tooLarge = 'rpc error: code = ResourceExhausted desc = grpc: ' +
    'received message larger than max (5000000 vs. 4194304)'
  receiver.script([
    { status: 500, body: tooLarge },
    { status: 500, body: tooLarge },
  ])
  client.push({ line: 'big' })
  client.push({ line: 'fine' })
  await client.flush()
  assert.deepEqual(receiver.entries().map((e) => e.line), ['fine'])
  assert.deepEqual(dropCounts(drops), { too_large: 1 })
})

test('honours Retry-After instead of the backoff', async (t) => {
  const { client, receiver, retries, clock } = await retrying(t)
  receiver.script([{ status: 429, headers: { 'retry-after': '3' } }])
  client.push({ line: 'kept' })
  await client.flush()
  assert.equal(retries[0].delayMs, 3000)
  assert.ok(clock.delays.includes(3000))
})

test('Retry-After is capped at retry.maxRetryAfterMs', async (t) => {
  const { client, receiver, retries } = await retrying(t,
    { retry: { maxRetryAfterMs: 10_000 } })
  receiver.script([{ status: 503, headers: { 'retry-after': '86400' } }])
  client.push({ line: 'kept' })
  await client.flush()
  assert.equal(retries[0].delayMs, 10_000)
})

test('stops at retry.maxAttempts and counts the drop', async (t) => {
  const { client, receiver, retries, drops } = await retrying(t,
    { retry: { maxAttempts: 3 } })
  receiver.fail({ status: 503 })
  client.push({ line: 'a' })
  client.push({ line: 'b' })
  await client.flush()
  assert.equal(receiver.requests().length, 3)
  assert.equal(retries.length, 2)
  assert.deepEqual(dropCounts(drops), { max_retries: 2 })
  assert.equal(client.stats().droppedByReason.max_retries, 2)
  assert.match(client.stats().lastError.message, /503/)
})

test('a 429 is dropped at once when rate limits are not retried',
  async (t) => {
    const { client, receiver, drops } = await retrying(t,
      { retry: { retryRateLimited: false } })
    receiver.script([{ status: 429 }])
    client.push({ line: 'a' })
    await client.flush()
    assert.deepEqual(dropCounts(drops), { rate_limited: 1 })
  })

test('a 260 (ingestion blocked) is reported, not counted as sent',
  async (t) => {
    const { client, receiver, drops } = await retrying(t)
    receiver.script([{ status: 260 }])
    client.push({ line: 'a' })
    await client.flush()
    assert.deepEqual(dropCounts(drops), { ingestion_blocked: 1 })
    assert.equal(client.stats().sent, 0)
  })

test('a throwing hook does not break delivery', async (t) => {
  const { client, receiver } = await retrying(t, {
    onRetry: () => { throw new Error('hook bug') },
    onError: () => { throw new Error('hook bug') },
  })
  receiver.script([{ status: 503 }])
  client.push({ line: 'kept' })
  await client.flush()
  assert.equal(receiver.entries().length, 1)
})

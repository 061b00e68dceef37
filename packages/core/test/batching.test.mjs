import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FakeClock } from './helpers/fake-clock.mjs'
import { clientAndReceiver } from './helpers/setup.mjs'

test('a batch goes out when it reaches maxEntries', async (t) => {
  const clock = new FakeClock()
  const { client, receiver } = await clientAndReceiver(t,
    { maxEntries: 5, maxWaitMs: 60_000, clock })
  for (let i = 0; i < 12; i++) client.push({ line: `line ${i}` })
  await receiver.waitForEntries(10)
  assert.deepEqual(receiver.requests().map((r) => r.entriesStored), [5, 5])
  assert.equal(client.stats().queuedEntries, 2)

  clock.advance(60_000)
  await receiver.waitForEntries(12)
  assert.deepEqual(receiver.requests().map((r) => r.entriesStored), [5, 5, 2])
})

test('a batch goes out when it reaches maxBytes, measured as encoded',
  async (t) => {
    const clock = new FakeClock()
    const { client, receiver } = await clientAndReceiver(t,
      { encoding: 'json', maxBytes: 4096, maxWaitMs: 60_000, clock })
    for (let i = 0; i < 40; i++) {
      client.push({ line: `${i} ${'x'.repeat(300)}` })
    }
    await receiver.waitForEntries(36)
    const sizes = receiver.requests().map((r) => r.bodyBytes)
    assert.ok(sizes.length >= 3, `several requests: ${sizes}`)
    for (const size of sizes) assert.ok(size <= 4096, `${size} <= 4096`)
    // A batch is cut only when the next entry would not fit.
    for (const size of sizes) assert.ok(size > 4096 - 330, `${size} full`)
  })

test('a batch goes out when its oldest entry has waited maxWaitMs',
  async (t) => {
    const clock = new FakeClock()
    const { client, receiver } = await clientAndReceiver(t,
      { maxWaitMs: 1000, clock })
    client.push({ line: 'first' })
    clock.advance(400)
    client.push({ line: 'second' })
    clock.advance(599)
    assert.equal(client.stats().queuedEntries, 2)
    assert.equal(client.stats().inFlightRequests, 0)

    clock.advance(1)
    await receiver.waitForEntries(2)
    assert.deepEqual(receiver.requests().map((r) => r.entriesStored), [2])
  })

test('flush() sends at once and resolves when the entries are stored',
  async (t) => {
    const { client, receiver } = await clientAndReceiver(t,
      { maxWaitMs: 3_600_000 })
    client.push({ line: 'a' })
    client.push({ line: 'b' })
    await client.flush()
    assert.deepEqual(receiver.entries().map((e) => e.line), ['a', 'b'])
    await client.flush()
  })

test('one batch per tenant', async (t) => {
  const { client, receiver } = await clientAndReceiver(t,
    { tenant: 'team-a' }, { multiTenant: true })
  client.push({ line: 'a1' })
  client.push({ line: 'b1', tenant: 'team-b' })
  client.push({ line: 'a2' })
  await client.flush()
  const byTenant = {}
  for (const e of receiver.entries()) {
    (byTenant[e.tenant] ??= []).push(e.line)
  }
  assert.deepEqual(byTenant, { 'team-a': ['a1', 'a2'], 'team-b': ['b1'] })
  assert.deepEqual(receiver.requests().map((r) => r.headers['x-scope-orgid'])
    .sort(), ['team-a', 'team-b'])
})

test('with several requests in flight, each stream stays in order',
  async (t) => {
    const { client, receiver } = await clientAndReceiver(t,
      { maxInFlight: 4, maxEntries: 7 })
    receiver.script(Array.from({ length: 6 }, (_, i) => ({ delayMs: i % 3 })))
    for (let i = 0; i < 400; i++) {
      client.push({ line: String(i), labels: { shard: String(i % 9) } })
    }
    await client.flush()
    const byShard = {}
    for (const e of receiver.entries()) {
      (byShard[e.labels.shard] ??= []).push(Number(e.line))
    }
    assert.equal(receiver.entries().length, 400)
    for (const lines of Object.values(byShard)) {
      assert.deepEqual(lines, [...lines].sort((a, b) => a - b))
    }
    assert.ok(Math.max(...receiver.requests().map((r) => r.entriesStored)) <= 7)
  })

test('full batches queued behind a push are sent whole and in order once ' +
  'it is answered', async (t) => {
  const { client, receiver } = await clientAndReceiver(t,
    { maxEntries: 5, maxWaitMs: 60_000 })
  receiver.stall()
  for (let i = 0; i < 23; i++) client.push({ line: String(i) })
  receiver.resume()
  await client.flush()

  assert.deepEqual(receiver.requests().map((r) => r.entriesStored),
    [5, 5, 5, 5, 3])
  assert.deepEqual(receiver.entries().map((e) => Number(e.line)),
    Array.from({ length: 23 }, (_, i) => i))
})

test('a close deadline counts the batch encoded behind a push as shutdown, ' +
  'once', async (t) => {
  const { client, receiver, drops } = await clientAndReceiver(t,
    { maxEntries: 5, maxWaitMs: 60_000 })
  receiver.stall()
  for (let i = 0; i < 12; i++) client.push({ line: String(i) })
  await receiver.waitForRequests(1)
  await client.close({ timeoutMs: 50 })

  const stats = client.stats()
  assert.equal(stats.dropped, 12)
  assert.equal(drops.reduce((sum, d) => sum + d.count, 0), 12)
  assert.equal(stats.sent + stats.dropped, stats.pushed)
})

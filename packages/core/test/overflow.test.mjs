import assert from 'node:assert/strict'
import { test } from 'node:test'
import { LokiClient, LokiDropError, LokiWorkerClient } from '@lokits/core'
import { clientAndReceiver, dropCounts } from './helpers/setup.mjs'

const BOUNDED = { maxQueueEntries: 10, maxEntries: 5, maxWaitMs: 60_000 }

function lines (receiver) {
  return receiver.entries().map((e) => Number(e.line))
}

test('drop-oldest drops the oldest queued, never what is in flight',
  async (t) => {
    const { client, receiver, drops } = await clientAndReceiver(t,
      { ...BOUNDED, overflow: 'drop-oldest' })
    receiver.stall()
    for (let i = 0; i < 25; i++) {
      assert.equal(client.push({ line: String(i) }), undefined)
    }
    receiver.resume()
    await client.flush()
    assert.deepEqual(lines(receiver), [0, 1, 2, 3, 4, 20, 21, 22, 23, 24])
    assert.deepEqual(dropCounts(drops), { queue_full: 15 })
  })

// The same bounds, whether the queue is the client's own or a delivery
// worker's.
for (const Client of [LokiClient, LokiWorkerClient]) {
  const setup = (t, options) =>
    clientAndReceiver(t, options, undefined, Client)

  test(`${Client.name}: drop-new drops what arrives while the queue is full`,
    async (t) => {
      const { client, receiver, drops } = await setup(t,
        { ...BOUNDED, overflow: 'drop-new' })
      receiver.stall()
      const results = []
      for (let i = 0; i < 25; i++) {
        results.push(client.push({ line: String(i) }))
      }

      assert.equal(results.filter((r) => r === undefined).length, 10)
      const dropped = results.filter((r) => r instanceof LokiDropError)
      assert.equal(dropped.length, 15)
      assert.equal(dropped[0].reason, 'queue_full')
      assert.equal(dropped[0].code, 'LOKI_DROPPED')
      // An outcome, not a fault: no stack was captured for it, and the
      // process's own limit is as it was.
      assert.equal(dropped[0].stack,
        'LokiDropError: 1 entry dropped (queue_full)')
      assert.equal(Error.stackTraceLimit, 10)
      receiver.resume()
      await client.flush()
      assert.deepEqual(lines(receiver), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
      assert.deepEqual(dropCounts(drops), { queue_full: 15 })
      assert.equal(client.stats().droppedByReason.queue_full, 15)
    })

  test(`${Client.name}: block makes pushes wait for room and loses nothing`,
    async (t) => {
      const { client, receiver, drops } = await setup(t,
        { ...BOUNDED, overflow: 'block' })
      receiver.stall()
      const results = []
      for (let i = 0; i < 20; i++) {
        results.push(client.push({ line: String(i) }))
      }
      const waiting = results.filter((r) => r instanceof Promise)
      assert.equal(waiting.length, 10)
      assert.equal(client.stats().waitingPushes, 10)

      receiver.resume()
      assert.deepEqual(new Set(await Promise.all(waiting)),
        new Set([undefined]))
      await client.flush()
      assert.deepEqual(lines(receiver),
        Array.from({ length: 20 }, (_, i) => i))
      assert.deepEqual(drops, [])
    })
}

test('block mode bounds the pushes that wait, too', async (t) => {
  const { client, receiver, drops } = await clientAndReceiver(t,
    { ...BOUNDED, overflow: 'block' })
  receiver.stall()
  // A caller that does not wait for the promises cannot grow memory
  // without bound: past maxQueueEntries waiting pushes, pushes drop.
  for (let i = 0; i < 20; i++) client.push({ line: String(i) })
  const extra = client.push({ line: 'one too many' })
  assert.ok(extra instanceof LokiDropError)
  assert.equal(extra.reason, 'queue_full')
  receiver.resume()
  await client.flush()
  assert.equal(receiver.entries().length, 20)
  assert.deepEqual(dropCounts(drops), { queue_full: 1 })
})

test('block mode against a slow receiver delivers every entry',
  async (t) => {
    const { client, receiver } = await clientAndReceiver(t,
      { maxQueueEntries: 50, maxEntries: 20, maxWaitMs: 5 })
    receiver.script(Array.from({ length: 40 }, () => ({ delayMs: 3 })))
    let waited = 0
    for (let i = 0; i < 2000; i++) {
      const result = client.push({ line: String(i) })
      if (result instanceof Promise) {
        waited++
        assert.equal(await result, undefined)
      }
      assert.ok(client.stats().queuedEntries + client.stats().inFlightEntries
        <= 50)
    }
    await client.flush()
    assert.ok(waited > 0, 'the queue filled up at least once')
    assert.deepEqual(lines(receiver), Array.from({ length: 2000 }, (_, i) => i))
    assert.equal(client.stats().dropped, 0)
  })

test('the byte bound holds like the entry bound', async (t) => {
  const { client, receiver, drops } = await clientAndReceiver(t,
    { maxQueueBytes: 2000, maxEntries: 1, overflow: 'drop-new' })
  receiver.stall()
  for (let i = 0; i < 20; i++) client.push({ line: 'x'.repeat(190) })
  const { queuedBytes } = client.stats()
  assert.ok(queuedBytes <= 2000)
  receiver.resume()
  await client.flush()
  const counts = dropCounts(drops)
  assert.ok(counts.queue_full > 0)
  assert.equal(receiver.entries().length + counts.queue_full, 20)
})

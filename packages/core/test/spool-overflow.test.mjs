import assert from 'node:assert/strict'
import { test } from 'node:test'
import { LokiDropError } from '@lokits/core'
import { startLokiReceiver } from '@lokits/testkit'
import {
  assertLedger, lines, spoolDir, spooledClient,
} from './fixtures/spool-setup.mjs'
import { dropCounts } from './helpers/setup.mjs'

// About 17 records of 230 bytes fit in 4 KiB, four to a segment; memory
// holds 4 entries, one batch of 2 in flight.
const SMALL = {
  maxQueueEntries: 4,
  maxEntries: 2,
  maxWaitMs: 60_000,
  spool: { maxBytes: 4096, segmentBytes: 1024 },
}

const line = (i) => `${String(i).padStart(4, '0')} ${'x'.repeat(145)}`

async function stalledClient (t, overflow) {
  const receiver = await startLokiReceiver()
  t.after(() => receiver.close())
  const dir = spoolDir(t)
  const spooled = spooledClient(t, receiver, dir, { ...SMALL, overflow })
  receiver.stall()
  return { receiver, ...spooled }
}

function numbers (receiver) {
  return lines(receiver).map((text) => Number(text.slice(0, 4)))
}

test('drop-new: at spool.maxBytes new entries are dropped as queue_full',
  async (t) => {
    const { client, receiver, drops } = await stalledClient(t, 'drop-new')

    const results = []
    for (let i = 0; i < 60; i++) {
      results.push(client.push({ line: line(i) }))
      assert.ok(client.stats().spool.bytes <= 4096)
    }

    const accepted = results.filter((r) => r === undefined).length
    assert.ok(accepted > 4 && accepted < 60, `accepted ${accepted}`)
    const dropped = results.filter((r) => r instanceof LokiDropError)
    assert.equal(dropped.length, 60 - accepted)
    assert.equal(dropped[0].reason, 'queue_full')
    assertLedger(client.stats())
    receiver.resume()
    await client.flush()
    assert.deepEqual(numbers(receiver),
      Array.from({ length: accepted }, (_, i) => i))
    assert.deepEqual(dropCounts(drops), { queue_full: 60 - accepted })
    assertLedger(client.stats())
  })

test('drop-oldest: at spool.maxBytes the oldest unsent segments go, ' +
  'counted as queue_full', async (t) => {
  const { client, receiver, drops } = await stalledClient(t, 'drop-oldest')

  for (let i = 0; i < 60; i++) {
    assert.equal(client.push({ line: line(i) }), undefined)
    assert.ok(client.stats().spool.bytes <= 4096)
  }
  assertLedger(client.stats())
  receiver.resume()
  await client.flush()

  const sent = numbers(receiver)
  const counts = dropCounts(drops)
  assert.ok(counts.queue_full > 0)
  assert.equal(sent.length + counts.queue_full, 60)
  assert.deepEqual(sent, [...sent].sort((a, b) => a - b), 'in order')
  assert.equal(sent.at(-1), 59, 'the newest entries are kept')
  assertLedger(client.stats())
})

test('block: at spool.maxBytes pushes wait for disk room and none is lost',
  async (t) => {
    const { client, receiver, drops } = await stalledClient(t, 'block')

    // Fill the disk until as many pushes wait as the bound allows.
    const waiting = []
    let i = 0
    while (client.stats().waitingPushes < SMALL.maxQueueEntries) {
      const result = client.push({ line: line(i++) })
      if (result instanceof Promise) waiting.push(result)
    }
    assert.ok(client.stats().spool.bytes <= 4096)
    assertLedger(client.stats())
    receiver.resume()
    assert.deepEqual(new Set(await Promise.all(waiting)),
      new Set([undefined]))
    // A producer that waits when told to: nothing is dropped.
    for (; i < 60; i++) {
      const result = client.push({ line: line(i) })
      if (result instanceof Promise) assert.equal(await result, undefined)
      assert.ok(client.stats().spool.bytes <= 4096)
    }
    await client.flush()
    assert.deepEqual(numbers(receiver), Array.from({ length: 60 }, (_, i) => i))
    assert.deepEqual(drops, [])
    assertLedger(client.stats())
  })

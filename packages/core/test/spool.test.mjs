import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { test } from 'node:test'
import { LokiClient, LokiOptionsError } from '@lokits/core'
import { startLokiReceiver } from '@lokits/testkit'
import {
  PATIENT, assertLedger, lines, numbered, segments, spoolDir, spooledClient,
} from './fixtures/spool-setup.mjs'

async function receiverFor (t, options) {
  const receiver = await startLokiReceiver(options)
  t.after(() => receiver.close())
  return receiver
}

test('a spooled client delivers everything and leaves an empty directory',
  async (t) => {
    const receiver = await receiverFor(t)
    const dir = spoolDir(t)
    const { client, drops } = spooledClient(t, receiver, dir)

    for (const line of numbered('line ', 500)) {
      assert.equal(client.push({ line }), undefined)
    }
    await client.flush()
    await client.close()

    assert.deepEqual(lines(receiver), numbered('line ', 500))
    assert.deepEqual(drops, [])
    assert.deepEqual(readdirSync(dir), [])
    const stats = client.stats()
    assert.equal(stats.sent, 500)
    assert.deepEqual(stats.spool, {
      replayed: 0, diskOnlyEntries: 0, unsettledEntries: 0, bytes: 0,
      segments: 0, quarantined: 0,
    })
    assertLedger(stats)
  })

test('with memory full, entries wait on disk and arrive in order',
  async (t) => {
    const receiver = await receiverFor(t)
    const dir = spoolDir(t)
    const { client, drops } = spooledClient(t, receiver, dir, {
      maxQueueEntries: 10, maxEntries: 5, maxWaitMs: 60_000,
      overflow: 'drop-new',
    })
    receiver.stall()

    const results = numbered('', 300).map((line) => client.push({
      line, labels: { shard: Number(line) % 3 },
      structuredMetadata: { n: line },
    }))

    assert.deepEqual(new Set(results), new Set([undefined]))
    const held = client.stats()
    assert.equal(held.queuedEntries + held.inFlightEntries, 10)
    assert.equal(held.spool.diskOnlyEntries, 290)
    assertLedger(held)
    receiver.resume()
    await client.flush()
    assert.deepEqual(drops, [])
    // Streams may interleave in a request; each keeps its own order.
    for (const shard of ['0', '1', '2']) {
      assert.deepEqual(
        receiver.entries().filter((e) => e.labels.shard === shard)
          .map((e) => e.line),
        numbered('', 300).filter((line) => String(line % 3) === shard))
    }
    for (const entry of receiver.entries()) {
      assert.deepEqual(entry.structuredMetadata, { n: entry.line })
    }
    assertLedger(client.stats())
  })

test('close() at its deadline keeps unsent entries for the next run, ' +
  'which sends them with their timestamps', async (t) => {
  const receiver = await receiverFor(t)
  const dir = spoolDir(t)
  const first = spooledClient(t, receiver, dir, PATIENT)
  receiver.fail({ status: 503 })
  const base = BigInt(Date.now()) * 1_000_000n + 123n
  for (let i = 0; i < 100; i++) {
    first.client.push({ line: `kept ${i}`, timestamp: base + BigInt(i) })
  }

  await first.client.close({ timeoutMs: 0 })

  const closed = first.client.stats()
  assert.equal(closed.dropped, 0)
  assert.equal(closed.spool.diskOnlyEntries, 100)
  assertLedger(closed)
  assert.equal(segments(dir).length, 1)
  assert.ok(!readdirSync(dir).includes('lock'), 'the lock is released')

  receiver.fail(null)
  // Written as protobuf sizes, sent as JSON: replay measures again.
  const second = spooledClient(t, receiver, dir, { encoding: 'json' })
  await second.client.flush()
  assert.deepEqual(lines(receiver), numbered('kept ', 100))
  assert.deepEqual(receiver.entries().map((e) => e.timestamp),
    numbered('', 100).map((i) => String(base + BigInt(i))))
  const stats = second.client.stats()
  assert.equal(stats.spool.replayed, 100)
  assert.equal(stats.sent, 100)
  assertLedger(stats)
  await second.client.close()
  assert.deepEqual(readdirSync(dir), [])
})

test('entries replayed after Loki stored them are removed as duplicates',
  async (t) => {
    const receiver = await receiverFor(t)
    const dir = spoolDir(t)
    const first = spooledClient(t, receiver, dir)
    for (const line of numbered('once ', 50)) first.client.push({ line })
    await first.client.flush()
    // A crash now leaves the open segment behind, every entry in it sent.
    const { client: crashed } = first
    crashed.exit()

    const second = spooledClient(t, receiver, dir)
    await second.client.flush()

    assert.equal(second.client.stats().spool.replayed, 50)
    assert.deepEqual(lines(receiver), numbered('once ', 50))
    assert.equal(receiver.stats().duplicatesRemoved, 50)
  })

test('spool options are checked and named', () => {
  const url = 'http://127.0.0.1:9'
  const cases = [
    [{ spool: 'dir' }, 'spool'],
    [{ spool: {} }, 'spool.dir'],
    [{ spool: { dir: '/tmp/x', fsync: 'sometimes' } }, 'spool.fsync'],
    [{ spool: { dir: '/tmp/x', maxBytes: 10 } }, 'spool.maxBytes'],
    [{ spool: { dir: '/tmp/x', fsyncIntervalMs: 0 } },
      'spool.fsyncIntervalMs'],
    [{ spool: { dir: '/tmp/x', maxBytes: 8192, segmentBytes: 16384 } },
      'spool.segmentBytes'],
  ]
  for (const [options, name] of cases) {
    assert.throws(() => new LokiClient({ url, ...options }), (error) =>
      error instanceof LokiOptionsError && error.option === name &&
      error.code === 'LOKI_INVALID_OPTION', name)
  }
})

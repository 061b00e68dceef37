import assert from 'node:assert/strict'
import { test } from 'node:test'
import { LokiDropError } from '@lokits/core'
import { clientAndReceiver, dropCounts } from './helpers/setup.mjs'

const DAY_MS = 24 * 3600 * 1000
const circular = { name: 'loop' }
circular.self = circular

// [what is tried, the entry, what must happen: a drop reason or 'kept']
const CASES = [
  ['a number as the line', { line: 42 }, 'kept'],
  ['an object as the line', { line: { a: 1 } }, 'kept'],
  ['a circular object as the line', { line: circular }, 'kept'],
  ['undefined as the line', { line: undefined }, 'kept'],
  ['an empty line', { line: '' }, 'kept'],
  ['a NaN timestamp', { line: 'x', timestamp: Number.NaN }, 'kept'],
  ['a negative timestamp', { line: 'x', timestamp: -1 }, 'kept'],
  ['garbage as the timestamp', { line: 'x', timestamp: 'soon' }, 'kept'],
  ['an ISO timestamp with an offset',
    { line: 'x', timestamp: new Date().toISOString().replace('Z', '+00:00') },
    'kept'],
  ['a timestamp 8 days old',
    { line: 'x', timestamp: Date.now() - 8 * DAY_MS }, 'timestamp_too_old'],
  ['a timestamp far in the future',
    { line: 'x', timestamp: Date.now() + DAY_MS }, 'timestamp_too_new'],
  ['a circular object as a label value',
    { line: 'x', labels: { ctx: circular } }, 'kept'],
  ['label names with dots, dashes and unicode',
    { line: 'x', labels: { 'a.b': 1, 'c-d': true, ünï: 'x', '9': 'n' } },
    'kept'],
  ['a 10 KB label value', { line: 'x', labels: { big: 'v'.repeat(10_000) } },
    'kept'],
  ['more labels than Loki allows',
    { line: 'x', labels: Object.fromEntries(Array.from({ length: 20 },
      (_, i) => [`l${i}`, 'v'])) }, 'invalid'],
  ['a tenant Loki refuses', { line: 'x', tenant: '../etc' }, 'invalid'],
  ['a circular object as metadata',
    { line: 'x', structuredMetadata: { ctx: circular } }, 'kept'],
  ['a line of 1 MB', { line: 'y'.repeat(1024 * 1024) }, 'kept'],
  ['not an object at all', null, 'invalid'],
  ['a line whose getter throws',
    { get line () { throw new Error('unreadable') } }, 'invalid'],
]

for (const [name, entry, expected] of CASES) {
  test(`${name}: ${expected === 'kept' ? 'fixed and delivered' :
    `dropped as ${expected}`}, and the batch goes on`, async (t) => {
    const { client, receiver, drops } = await clientAndReceiver(t)
    client.push({ line: 'before' })
    const result = client.push(entry)
    client.push({ line: 'after' })
    await client.flush()
    // Entries with labels of their own go in another stream of the batch.
    const lines = receiver.entries().map((e) => e.line)
    assert.ok(lines.includes('before') && lines.includes('after'))
    if (expected === 'kept') {
      assert.equal(result, undefined)
      assert.equal(lines.length, 3)
      assert.deepEqual(drops, [])
    } else {
      assert.ok(result instanceof LokiDropError)
      assert.equal(result.reason, expected)
      assert.equal(lines.length, 2)
      assert.deepEqual(dropCounts(drops), { [expected]: 1 })
    }
  })
}

test('a line over maxLineBytes is truncated with a marker', async (t) => {
  const { client, receiver } = await clientAndReceiver(t,
    { maxLineBytes: 1000 })
  client.push({ line: 'é'.repeat(2000) })
  await client.flush()
  const [entry] = receiver.entries()
  assert.ok(Buffer.byteLength(entry.line) <= 1000)
  assert.match(entry.line, /^é+…\[truncated\]$/)
  assert.equal(client.stats().fixed.lines, 1)
})

test('a line over maxLineBytes is dropped when lineTooLong is drop',
  async (t) => {
    const { client, receiver, drops } = await clientAndReceiver(t,
      { maxLineBytes: 1000, lineTooLong: 'drop' })
    client.push({ line: 'x'.repeat(1001) })
    client.push({ line: 'short' })
    await client.flush()
    assert.deepEqual(receiver.entries().map((e) => e.line), ['short'])
    assert.deepEqual(dropCounts(drops), { line_too_long: 1 })
  })

test('an unreadable timestamp is replaced by the push time and counted',
  async (t) => {
    const { client, receiver } = await clientAndReceiver(t)
    const before = BigInt(Date.now()) * 1_000_000n
    client.push({ line: 'x', timestamp: Number.NaN })
    await client.flush()
    assert.ok(BigInt(receiver.entries()[0].timestamp) >= before)
    assert.equal(client.stats().fixed.timestamps, 1)
  })

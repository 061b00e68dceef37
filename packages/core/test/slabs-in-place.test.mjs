import assert from 'node:assert/strict'
import { test } from 'node:test'
import { EntryWriter } from '../dist/esm/entry-writer.js'
import { RecordOutbox } from '../dist/esm/record-outbox.js'
import { slabsKeptInPlace } from '../dist/esm/slabs-in-place.js'

const stream = { key: '{app="x"}', json: '{"app":"x"}', hash: 0 }
const line = (chars) => 'x'.repeat(chars)

// Entries written into an outbox as the application's thread writes them,
// taken as one message, and the slabs the worker would keep: each tenant
// is a lane of its own.
function keptInPlace (entries) {
  const outbox = new RecordOutbox()
  const writer = new EntryWriter('protobuf', () => outbox.arena)
  for (const { tenant, chars } of entries) {
    outbox.add(writer.write(tenant, stream, 1_700_000_000, 0, line(chars),
      undefined, 0, 0))
  }
  const { message } = outbox.take()
  const lanes = new Map()
  const laneOf = (tenant) => {
    if (!lanes.has(tenant)) lanes.set(tenant, { tenant })
    return lanes.get(tenant)
  }
  return slabsKeptInPlace(message, [stream], laneOf)
}

const many = (count, tenant, chars = 200) =>
  Array.from({ length: count }, () => ({ tenant, chars }))

test('slabs filled with one lane\'s records are kept where they lie', () => {
  // 600 records of about 210 bytes: one full slab and one more than half.
  assert.deepEqual(keptInPlace(many(600, 'a')), [true, true])
})

test('a few records cross in a buffer of their size, kept as it is', () => {
  assert.deepEqual(keptInPlace(many(3, 'a')), [true])
})

test('a slab holding records of two lanes is copied from, so that a lane ' +
  'that stalls keeps only its own records', () => {
  const interleaved = many(600, 'a').map((entry, i) =>
    i % 2 === 0 ? entry : { ...entry, tenant: 'b' })
  assert.deepEqual(keptInPlace(interleaved), [false, false])
})

test('a slab left mostly empty by a record too large for its room is ' +
  'copied from, not held whole', () => {
  // 40 small records, then one of 60,000 bytes that needs a slab of its
  // own: the first slab crosses with a sixth of it used.
  const entries = [...many(40, 'a'), { tenant: 'a', chars: 60_000 }]
  assert.deepEqual(keptInPlace(entries), [false, true])
})

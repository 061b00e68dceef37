import assert from 'node:assert/strict'
import { test } from 'node:test'
import { EntryWriter } from '../dist/esm/entry-writer.js'
import { SLAB_BYTES } from '../dist/esm/record-arena.js'
import { RecordOutbox } from '../dist/esm/record-outbox.js'
import {
  ENTRY_FIELDS, OFFSET, SIZE, SLAB, STREAM, TENANT,
} from '../dist/esm/worker-messages.js'

const stream = { key: '{app="x"}', json: '{"app":"x"}', hash: 0 }

function outboxWithWriter () {
  const outbox = new RecordOutbox()
  const writer = new EntryWriter('protobuf', () => outbox.arena)
  const add = (line) => {
    outbox.add(writer.write('', stream, 1_700_000_000, 0, line, undefined,
      0, 0))
  }
  return { outbox, writer, add }
}

// The lines of a message, read from its slabs the way the worker does.
function linesOf (writer, message) {
  const lines = []
  for (let at = 0; at < message.meta.length; at += ENTRY_FIELDS) {
    lines.push(writer.read({
      slab: message.slabs[message.meta[at + SLAB]],
      offset: message.meta[at + OFFSET],
      size: message.meta[at + SIZE],
    }).line)
  }
  return lines
}

const slabBytes = (taken) => taken.transfer.slice(1)
  .reduce((sum, buffer) => sum + buffer.byteLength, 0)

test('entries taken a few at a time cross in buffers of their own size, ' +
  'not in a slab each', () => {
  const { outbox, writer, add } = outboxWithWriter()
  const taken = []
  for (let i = 0; i < 50; i++) {
    add(`entry ${i}`)
    add(`entry ${i} again`)
    taken.push(outbox.take())
  }

  for (const [i, t] of taken.entries()) {
    assert.equal(slabBytes(t), t.bytes, 'only the records move')
    // Later records, written over the same slab, did not change it.
    assert.deepEqual(linesOf(writer, t.message),
      [`entry ${i}`, `entry ${i} again`])
  }
})

test('full slabs move to the worker whole, without a copy', () => {
  const { outbox, writer, add } = outboxWithWriter()
  const lines = []
  const slabs = new Set()
  // Into a third slab, three quarters of it written.
  while (slabs.size < 3 || outbox.arena.offset < SLAB_BYTES * 0.75) {
    lines.push(`${'x'.repeat(90)} #${lines.length}`)
    add(lines.at(-1))
    slabs.add(outbox.arena.slab)
  }
  const { slab: current } = outbox.arena
  const taken = outbox.take()

  const buffers = taken.transfer.slice(1)
  assert.equal(buffers.length, 3)
  assert.ok(buffers.includes(current.buffer), 'the last slab itself moves')
  for (const buffer of buffers) assert.equal(buffer.byteLength, SLAB_BYTES)
  assert.deepEqual(linesOf(writer, taken.message), lines)
  assert.notEqual(outbox.arena.slab, current, 'a new slab is written next')
})

test('an empty outbox gives nothing to take', () => {
  const { outbox, add } = outboxWithWriter()
  assert.equal(outbox.take(), undefined)
  add('one')
  outbox.dropOldest()
  assert.equal(outbox.take(), undefined)
})

test('entries of streams and tenants that alternate each cross with their ' +
  'own, message after message', () => {
  const outbox = new RecordOutbox()
  const writer = new EntryWriter('protobuf', () => outbox.arena)
  const web = { key: '{app="web"}', json: '{"app":"web"}', hash: 1 }
  const db = { key: '{app="db"}', json: '{"app":"db"}', hash: 2 }
  const add = (tenant, stream) => outbox.add(writer.write(tenant, stream,
    1_700_000_000, 0, stream.key, undefined, 0, 0))
  // Where each entry of a message says it belongs.
  const placesOf = ({ message }) => {
    const places = []
    for (let at = 0; at < message.meta.length; at += ENTRY_FIELDS) {
      places.push([message.tenants[message.meta[at + TENANT]],
        message.streams[message.meta[at + STREAM]].key])
    }
    return places
  }

  add('a', web)
  add('b', db)
  add('b', db)
  add('a', web)
  add('a', db)
  add('b', db)
  assert.deepEqual(placesOf(outbox.take()), [['a', web.key], ['b', db.key],
    ['b', db.key], ['a', web.key], ['a', db.key], ['b', db.key]])

  // The next message starts with the stream and tenant the last ended on.
  add('b', db)
  add('a', web)
  assert.deepEqual(placesOf(outbox.take()), [['b', db.key], ['a', web.key]])
})

// Loki keeps one entry per (stream, timestamp, line, structured metadata),
// whatever order a stream's entries arrive in.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  encodePush, jsonStream, nsAt, pushJson, pushProtobuf, withReceiver,
} from './helpers.mjs'

const HOUR_MS = 60 * 60_000

async function pushValues (receiver, values) {
  const { status } = await pushJson(receiver.pushUrl,
    jsonStream({ app: 'a' }, values))
  assert.equal(status, 204)
}

test('drops duplicates of entries that arrived out of time order', () =>
  withReceiver({}, async (receiver) => {
    await pushValues(receiver, [
      [nsAt(3), 'c'], [nsAt(1), 'a'], [nsAt(2), 'b'],
    ])
    await pushValues(receiver, [
      [nsAt(2), 'b'], [nsAt(0), 'new'], [nsAt(3), 'c'], [nsAt(1), 'a'],
    ])

    assert.deepEqual(receiver.entries().map((e) => e.line),
      ['c', 'a', 'b', 'new'])
    assert.equal(receiver.stats().duplicatesRemoved, 3)
  }))

test('drops duplicates of entries that arrived in time order', () =>
  withReceiver({}, async (receiver) => {
    const values = [[nsAt(1), 'a'], [nsAt(2), 'b'], [nsAt(2), 'b2']]
    await pushValues(receiver, values)
    await pushValues(receiver, [...values, [nsAt(3), 'c']])

    assert.deepEqual(receiver.entries().map((e) => e.line),
      ['a', 'b', 'b2', 'c'])
    assert.equal(receiver.stats().duplicatesRemoved, 3)
  }))

test('keeps entries that share a timestamp but not their line or ' +
  'metadata; the order of metadata pairs does not matter', () =>
  withReceiver({}, async (receiver) => {
    const ts = nsAt()
    const push = (entries) => pushProtobuf(receiver.pushUrl,
      encodePush([{ labels: '{app="a"}', entries }]))
    await push([
      { ts, line: 'x' },
      { ts, line: 'y' },
      { ts, line: 'x', metadata: { k: 'v', j: 'w' } },
    ])
    await push([
      { ts, line: 'x', metadata: { j: 'w', k: 'v' } },
      { ts, line: 'x', metadata: { k: 'v' } },
      { ts, line: 'y' },
    ])

    assert.deepEqual(receiver.entries().map((e) =>
      [e.line, e.structuredMetadata]), [
      ['x', {}],
      ['y', {}],
      ['x', { k: 'v', j: 'w' }],
      ['x', { k: 'v' }],
    ])
    assert.equal(receiver.stats().duplicatesRemoved, 2)
  }))

test('a duplicate now too far behind is dropped silently, not refused', () =>
  withReceiver({}, async (receiver) => {
    await pushValues(receiver, [[nsAt(-2 * HOUR_MS), 'early']])
    await pushValues(receiver, [[nsAt(), 'late']])
    await pushValues(receiver, [[nsAt(-2 * HOUR_MS), 'early']])

    assert.equal(receiver.stats().duplicatesRemoved, 1)
    assert.deepEqual(receiver.stats().entriesRejected, {})
  }))

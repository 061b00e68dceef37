// Loki keeps one entry per (stream, timestamp, line, structured metadata),
// whatever order a stream's entries arrive in.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import {
  encodePush, jsonStream, nsAt, pushJson, pushProtobuf, withReceiver,
} from './helpers.mjs'

const HOUR_MS = 60 * 60_000
const NO_TIME_LIMITS = {
  rejectOldSamplesMaxAgeMs: 0, creationGracePeriodMs: 0, outOfOrderWindowMs: 0,
}

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

test('lines are compared as the strings Loki stores: bytes that decode ' +
  'alike are duplicates, other multi-byte text is not', () =>
  withReceiver({}, async (receiver) => {
    const ts = nsAt()
    const lines = [
      Buffer.from([0xff]), // invalid: stored as "\ufffd"
      Buffer.from('\ufffd'), // EF BF BD: the same string
      Buffer.from([0xef, 0xbf]), // a cut-off sequence: "\ufffd" too
      Buffer.from([0xfe]),
      Buffer.from('é'),
      Buffer.from([0xc3]), // the first byte of "é" alone: "\ufffd"
      Buffer.from([0x61, 0xff]),
      Buffer.from('a\ufffd'),
      Buffer.from('a\u{1f600}'),
      Buffer.from([0x61, 0xf0, 0x9f, 0x98]), // the emoji cut short
    ]
    const { status } = await pushProtobuf(receiver.pushUrl, encodePush([
      { labels: '{app="a"}', entries: lines.map((line) => ({ ts, line })) },
    ]))

    assert.equal(status, 204)
    assert.deepEqual(receiver.entries().map((e) => e.line),
      ['\ufffd', 'é', 'a\ufffd', 'a\u{1f600}'])
    assert.equal(receiver.stats().duplicatesRemoved, 6)
  }))

test('metadata is compared as strings too, and entries that differ only ' +
  'in metadata are kept', () =>
  withReceiver({}, async (receiver) => {
    const ts = nsAt()
    const entry = (metadata) => ({ ts, line: 'x', metadata })
    await pushProtobuf(receiver.pushUrl, encodePush([{
      labels: '{app="a"}',
      entries: [
        entry({ trace_id: 'a', user: Buffer.from([0xff]) }),
        entry({ user: Buffer.from('\ufffd'), trace_id: 'a' }),
        entry({ trace_id: 'b', user: Buffer.from([0xff]) }),
        entry({ trace_id: 'a' }),
        entry({}),
      ],
    }]))

    assert.deepEqual(receiver.entries().map((e) => e.structuredMetadata), [
      { trace_id: 'a', user: '\ufffd' },
      { trace_id: 'b', user: '\ufffd' },
      { trace_id: 'a' },
      {},
    ])
    assert.equal(receiver.stats().duplicatesRemoved, 1)
  }))

test('finds duplicates among many entries of one stream, in and out of ' +
  'time order, over many pushes', () =>
  withReceiver({}, async (receiver) => {
    const entry = (i) => ({ ts: nsAt(i), line: `line ${i}` })
    const range = (from, to) =>
      Array.from({ length: to - from }, (_, i) => entry(from + i))
    const push = async (entries) => {
      const { status } = await pushProtobuf(receiver.pushUrl,
        encodePush([{ labels: '{app="a"}', entries }]))
      assert.equal(status, 204)
    }
    // Odd milliseconds in time order, push by push; then the even ones,
    // out of order; then everything again.
    const odd = range(0, 2000).filter((_, i) => i % 2 === 1)
    const even = range(0, 2000).filter((_, i) => i % 2 === 0).reverse()
    for (let i = 0; i < odd.length; i += 100) await push(odd.slice(i, i + 100))
    for (let i = 0; i < even.length; i += 100) {
      await push(even.slice(i, i + 100))
    }
    await push(range(0, 2000))

    const stats = receiver.stats()
    assert.equal(stats.entriesStored, 2000)
    assert.equal(stats.duplicatesRemoved, 2000)
    const lines = receiver.entries().map((e) => e.line)
    assert.deepEqual(lines, [...odd, ...even].map((e) => e.line))
  }))

test('finds duplicates among hundreds of entries with one timestamp, ' +
  'as clients that stamp milliseconds send', () =>
  withReceiver({}, async (receiver) => {
    const ts = nsAt()
    // Every other line ends in an invalid byte, which a resend spells as
    // the three bytes of U+FFFD: the same string.
    const line = (i, ending) => i % 2 === 0
      ? Buffer.from(`request ${i} done`)
      : Buffer.concat([Buffer.from(`request ${i} é`), ending])
    const push = (from, to, ending) => pushProtobuf(receiver.pushUrl,
      encodePush([{
        labels: '{app="a"}',
        entries: Array.from({ length: to - from }, (_, i) =>
          ({ ts, line: line(from + i, ending) })),
      }]))
    await push(0, 200, Buffer.from([0xff]))
    await push(100, 300, Buffer.from('\ufffd'))

    const stats = receiver.stats()
    assert.equal(stats.entriesStored, 300)
    assert.equal(stats.duplicatesRemoved, 100)
    assert.equal(receiver.entries()[299].line, 'request 299 é\ufffd')
  }))

test('timestamps that round to one Number stay apart', () =>
  withReceiver({ limits: NO_TIME_LIMITS }, async (receiver) => {
    // Seconds past 2^53 and far before 1970, one nanosecond apart.
    const far = [
      (2n ** 53n + 1n) * 1_000_000_000n + 7n,
      (2n ** 53n + 2n) * 1_000_000_000n + 7n,
      (2n ** 53n + 2n) * 1_000_000_000n + 8n,
      -(2n ** 62n) * 1_000_000_000n,
      -(2n ** 62n + 1n) * 1_000_000_000n,
    ].map(String)
    const push = () => pushProtobuf(receiver.pushUrl, encodePush([{
      labels: '{app="a"}',
      entries: far.map((ts) => ({ ts, line: 'x' })),
    }]))
    await push()
    await push()

    assert.deepEqual(receiver.entries().map((e) => e.timestamp), far)
    assert.equal(receiver.stats().duplicatesRemoved, far.length)
  }))

// Byte strings that decode alike or almost alike, as lines and values.
const TEXTS = [
  [0x61], [0x62], [0xff], [0xfe], [0xef, 0xbf, 0xbd], [0xef, 0xbf],
  [0xc3, 0xa9], [0xc3], [0x61, 0xff], [0x61, 0xef, 0xbf, 0xbd], [],
].map((bytes) => Buffer.from(bytes))
const utf8 = new TextDecoder()

test('keeps what a plain model of Loki\'s rule keeps, whatever pushes of ' +
  'one stream arrive in either format', async () => {
  const text = fc.constantFrom(...TEXTS)
  const entry = fc.record({
    ms: fc.integer({ min: 0, max: 2 }),
    extraNs: fc.integer({ min: 0, max: 1 }),
    line: text,
    metadata: fc.uniqueArray(fc.tuple(
      fc.constantFrom('k', 'j', 'trace_id'), text), {
      maxLength: 3, selector: ([name]) => name,
    }),
  })
  // Some pushes are sent again in the other format, with the metadata
  // of each entry in reverse order.
  const push = fc.record({
    json: fc.boolean(),
    entries: fc.array(entry, { maxLength: 8 }),
    again: fc.boolean(),
  }).chain((first) => fc.constant(first.again
    ? [first, { json: !first.json, entries: first.entries.map((e) =>
      ({ ...e, metadata: [...e.metadata].reverse() })) }]
    : [first]))

  await fc.assert(fc.asyncProperty(fc.array(push, { maxLength: 4 }),
    (pushes) => withReceiver({ limits: NO_TIME_LIMITS }, async (receiver) => {
      const model = new Map()
      for (const { json, entries } of pushes.flat()) {
        await send(receiver, json, entries)
        for (const stored of entries.map(asStored)) {
          const key = JSON.stringify([stored[0], stored[1],
            Object.entries(stored[2]).sort()])
          if (!model.has(key)) model.set(key, stored)
        }
      }

      assert.deepEqual(receiver.entries().map((e) =>
        [e.timestamp, e.line, e.structuredMetadata]), [...model.values()])
    })), { numRuns: 60 })
})

function asStored ({ ms, extraNs, line, metadata }) {
  return [nsAt(ms, BigInt(extraNs)), utf8.decode(line),
    Object.fromEntries(metadata.map(([name, value]) =>
      [name, utf8.decode(value)]))]
}

async function send (receiver, json, entries) {
  if (json) return pushValues(receiver, entries.map(asStored))
  const { status } = await pushProtobuf(receiver.pushUrl, encodePush([{
    labels: '{app="a"}',
    entries: entries.map(({ ms, extraNs, line, metadata }) => ({
      ts: nsAt(ms, BigInt(extraNs)),
      line,
      metadata: Object.fromEntries(metadata),
    })),
  }]))
  assert.equal(status, 204)
}

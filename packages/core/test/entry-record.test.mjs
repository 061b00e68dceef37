import assert from 'node:assert/strict'
import { test } from 'node:test'
import { EntryWriter } from '../dist/esm/entry-writer.js'
import { encodeJsonBody } from '../dist/esm/json-encoder.js'
import { encodePushRequest } from '../dist/esm/protobuf-encoder.js'
import { writeVarint } from '../dist/esm/protobuf-record.js'
import { RecordArena, SLAB_BYTES } from '../dist/esm/record-arena.js'
import {
  decodeProtobufPush,
} from '../../testkit/dist/esm/push-decoder-protobuf.js'

const stream = { key: '{app="x"}', json: '{"app":"x"}', hash: 0,
  newestSeconds: 0, newestNanos: 0 }

// Lines whose UTF-8 length sits at, or crosses, a varint boundary of its
// length prefix, some of them longer in UTF-8 than in UTF-16 units, which
// is where a record's head is first sized wrong and the line moved.
const LINES = [
  '', 'a', 'x'.repeat(127), 'x'.repeat(128), 'é'.repeat(63), 'é'.repeat(64),
  'é'.repeat(65), '€'.repeat(43), 'x'.repeat(16_383), 'x'.repeat(16_384),
  'é'.repeat(8192), '😀'.repeat(5000), 'lone \ud800 surrogate', 'a\nb"c\\',
]

function written (encoding, lines, metadata) {
  const arena = new RecordArena()
  const writer = new EntryWriter(encoding, () => arena)
  const entries = lines.map((line, i) => writer.write('', stream,
    1_700_000_000 + i, i * 1001, line, metadata, i, 0))
  return { writer, entries }
}

// A line as protobuf carries it: UTF-8, a lone surrogate replaced. JSON
// carries it escaped, as it was given.
function stored (line) {
  return Buffer.from(line, 'utf8').toString('utf8')
}

for (const [encoding, carried] of [['protobuf', stored], ['json', String]]) {
  test(`a ${encoding} record gives back the line and metadata it was ` +
    'written with', () => {
    for (const metadata of [undefined, ['trace_id', 'abc', 'user', 'é😀']]) {
      const { writer, entries } = written(encoding, LINES, metadata)
      assert.deepEqual(entries.map((e) => writer.read(e)),
        LINES.map((line) => ({ line: carried(line), metadata })))
    }
  })
}

test('protobuf records written across several slabs make the body a ' +
  'decoder reads back entry for entry', () => {
  const lines = Array.from({ length: 3000 }, (_, i) =>
    LINES[i % LINES.length].slice(0, 200) + ` #${i}`)
  const { entries } = written('protobuf', lines, ['k', 'v'])
  assert.ok(new Set(entries.map((e) => e.slab)).size > 1,
    'the records fill more than one slab')

  const [decoded] = decodeProtobufPush(
    encodePushRequest(new Map([[stream, entries]])), 3).streams
  assert.deepEqual(decoded.entries.map((e) => [e.timestampNs, e.line]),
    lines.map((line, i) => [
      BigInt(1_700_000_000 + i) * 1_000_000_000n + BigInt(i * 1001),
      stored(line)]))
  assert.ok(decoded.entries.every((e) =>
    e.structuredMetadata.length === 1 && e.structuredMetadata[0].value === 'v'))
})

test('JSON records of entries that are not neighbours in their slab are ' +
  'still separated by commas', () => {
  const { entries } = written('json', Array.from({ length: 4000 },
    (_, i) => `line ${i} ${'y'.repeat(i % 40)}`))
  // Every other entry: no two records of the batch lie side by side.
  const sparse = entries.filter((_, i) => i % 2 === 0)
  assert.ok(entries.length * 30 > SLAB_BYTES)

  const body = JSON.parse(encodeJsonBody(new Map([[stream, sparse]])))
  assert.deepEqual(body.streams[0].values.map((v) => v[1]),
    sparse.map((_, k) => `line ${2 * k} ${'y'.repeat((2 * k) % 40)}`))
  const whole = JSON.parse(encodeJsonBody(new Map([[stream, entries]])))
  assert.equal(whole.streams[0].values.length, 4000)
})

test('a record larger than a slab gets a slab of its own', () => {
  const line = 'z'.repeat(SLAB_BYTES * 2)
  const { writer, entries } = written('protobuf', ['small', line, 'after'])
  assert.equal(entries[1].slab.length >= line.length, true)
  assert.deepEqual(entries.map((e) => writer.read(e).line),
    ['small', line, 'after'])
})

test('varints are written as protobuf reads them, on both sides of 2^32',
  () => {
    const values = [0, 1, 127, 128, 16_383, 16_384, 1_733_310_000,
      2 ** 32 - 1, 2 ** 32, 2 ** 35 + 5, Number.MAX_SAFE_INTEGER]
    for (const value of values) {
      const bytes = new Uint8Array(10)
      const end = writeVarint(bytes, 0, value)
      // Read back with BigInt, independent of the writer's arithmetic.
      let read = 0n
      for (let i = end - 1; i >= 0; i--) {
        read = (read << 7n) | BigInt(bytes[i] & 0x7f)
      }
      assert.equal(read, BigInt(value), `value ${value}`)
      assert.equal(bytes[end - 1] & 0x80, 0)
    }
  })

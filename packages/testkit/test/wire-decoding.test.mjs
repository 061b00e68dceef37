// The snappy block decompressor and the protobuf reader, tested directly
// on the built modules against an independent snappy implementation.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import snappy from 'snappyjs'
import { ProtobufReader } from '../dist/esm/protobuf-reader.js'
import { decodeProtobufPush } from '../dist/esm/push-decoder-protobuf.js'
import { decompressSnappyBlock } from '../dist/esm/snappy-block.js'
import { encodePush } from './helpers.mjs'

test('decompressSnappyBlock() inverts snappyjs on any input', () => {
  // Repetitive inputs make snappyjs emit copies of every kind.
  const input = fc.oneof(
    fc.uint8Array({ maxLength: 2000 }),
    fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 70 }),
      fc.integer({ min: 1, max: 3000 }))
      .map(([unit, times]) => Buffer.concat(
        Array.from({ length: times }, () => unit)))
  )
  fc.assert(fc.property(input, (bytes) => {
    const block = snappy.compress(bytes)
    assert.deepEqual(Buffer.from(decompressSnappyBlock(block)),
      Buffer.from(bytes))
  }))
})

test('decompressSnappyBlock() reads a hand-made block with long literals ' +
  'and overlapping copies', () => {
  const literal = Buffer.alloc(100, 0x61)
  const block = Buffer.concat([
    Buffer.from([110]), // length 110
    Buffer.from([60 << 2, 99]), // literal, 1-byte length - 1
    literal,
    Buffer.from([(9 << 2) | 2, 1, 0]), // copy 10 bytes from offset 1
  ])
  assert.deepEqual(Buffer.from(decompressSnappyBlock(block)),
    Buffer.alloc(110, 0x61))
})

test('decompressSnappyBlock() refuses corrupt blocks', () => {
  const corrupt = [
    Buffer.from([]), // no length
    Buffer.from([5, 4 << 2, 1, 2]), // literal past the end
    Buffer.from([3, 0, 0x61]), // shorter than declared
    Buffer.from([1, 0, 0x61, 0, 0x62]), // longer than declared
    Buffer.from([4, (0 << 2) | 1, 0]), // copy before any output
    Buffer.from([6, 0, 0x61, (1 << 2) | 1, 2]), // offset past the start
    Buffer.from('ff060000734e61507059', 'hex'), // framed stream header
  ]
  for (const block of corrupt) {
    assert.throws(() => decompressSnappyBlock(block),
      { message: 'snappy: corrupt input' }, block.toString('hex'))
  }
})

test('decompressSnappyBlock() refuses a declared length over the limit', () => {
  const block = snappy.compress(Buffer.alloc(1000))
  assert.throws(() => decompressSnappyBlock(block, 999),
    { name: 'SnappyTooLargeError' })
})

test('ProtobufReader reads 64-bit varints and skips every wire type', () => {
  const bytes = Buffer.from([
    0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, // -1
    0x11, 1, 2, 3, 4, 5, 6, 7, 8, // fixed64
    0x1d, 1, 2, 3, 4, // fixed32
    0x22, 2, 0x61, 0x62, // bytes "ab"
  ])
  const reader = new ProtobufReader(bytes)
  const nextKey = () => reader.nextField() && [reader.field, reader.wireType]
  assert.deepEqual(nextKey(), [1, 0])
  assert.equal(BigInt.asIntN(64, reader.varint()), -1n)
  assert.deepEqual(nextKey(), [2, 1])
  reader.skip()
  assert.deepEqual(nextKey(), [3, 5])
  reader.skip()
  assert.deepEqual(nextKey(), [4, 2])
  assert.equal(reader.text(reader.length()), 'ab')
  assert.equal(reader.nextField(), false)
})

test('decodeProtobufPush() skips unknown fields and refuses truncation',
  () => {
    const push = encodePush([{ labels: '{app="a"}',
      entries: [{ ts: '1700000000000000001', line: 'x' }] }])
    const unknown = Buffer.from([0x7a, 1, 0xff]) // field 15, 1 byte
    const decoded = decodeProtobufPush(Buffer.concat([unknown, push]), 3)

    assert.equal(decoded.streams[0].entries[0].timestampNs,
      1700000000000000001n)
    assert.throws(() => decodeProtobufPush(push.subarray(0, -1), 3),
      { name: 'PushRejection', status: 400 })
  })

test('decodeProtobufPush() reads negative timestamps before 1970', () => {
  const push = encodePush([{ labels: '{app="a"}',
    entries: [{ ts: '-1000000000', line: 'x' }] }])
  // seconds = -1, nanos = 0, encoded as a 10-byte two's complement varint.
  assert.equal(decodeProtobufPush(push, 3).streams[0].entries[0].timestampNs,
    -1000000000n)
})

test('decodeProtobufPush() refuses a field that runs past the end of ' +
  'its enclosing message', () => {
  // An entry of 4 bytes whose line claims 5; the stream goes on after it,
  // so only the entry's own end shows the line is cut short.
  const entry = Buffer.from([0x12, 5, 0x61, 0x62])
  const stream = Buffer.concat([
    Buffer.from([0x12, entry.length]), entry,
    Buffer.from([0x0a, 9]), Buffer.from('{app="a"}'),
  ])
  const push = Buffer.concat([Buffer.from([0x0a, stream.length]), stream])

  assert.throws(() => decodeProtobufPush(push, 3), {
    name: 'PushRejection',
    status: 400,
    message: 'protobuf: length-delimited field past the end',
  })
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { gunzipSync } from 'node:zlib'
import { encodePushRequest } from '../dist/esm/protobuf-encoder.js'
import { encodeBody } from '../dist/esm/push-body.js'
import { EntryWriter } from '../dist/esm/entry-writer.js'
import { RecordArena } from '../dist/esm/record-arena.js'
import { compressSnappyBlock } from '../dist/esm/snappy-block.js'
import fc from 'fast-check'
import {
  decompressSnappyBlock,
} from '../../testkit/dist/esm/snappy-block.js'
import {
  decodeProtobufPush,
} from '../../testkit/dist/esm/push-decoder-protobuf.js'
import { jsonValue } from '../dist/esm/json-record.js'
import { clientAndReceiver } from './helpers/setup.mjs'

// The protocol note's vector, checked against a running Loki.
const GOLDEN = '0a460a1d7b6170703d2264656d6f222c20656e763d2270726f645c22785c' +
  '22227d12250a0b0880e2cfaa0610959aef3a120568656c6c6f1a0f0a0874726163655f' +
  '69641203616263'

function groups (streamKey, entries, json = '{}', encoding = 'protobuf') {
  const stream = { key: streamKey, json, hash: 0, newestSeconds: 0,
    newestNanos: 0 }
  const arena = new RecordArena()
  const writer = new EntryWriter(encoding, () => arena)
  return new Map([[stream, entries.map((e, i) => writer.write('', stream,
    e.seconds, e.nanos, e.line, e.metadata, i, 0))]])
}

test('encodes the golden protobuf vector byte for byte', async () => {
  const body = await encodePushRequest(groups('{app="demo", env="prod\\"x\\""}', [
    { seconds: 1700000000, nanos: 123456789, line: 'hello',
      metadata: ['trace_id', 'abc'] },
  ]))
  assert.equal(Buffer.from(body).toString('hex'), GOLDEN)
})

test('JSON values carry string nanoseconds and metadata only when set', () => {
  assert.equal(jsonValue(1700000000, 123456789, 'hello', undefined),
    '["1700000000123456789","hello"]')
  assert.equal(jsonValue(1700000000, 5, 'a"b', ['trace_id', 'abc']),
    '["1700000000000000005","a\\"b",{"trace_id":"abc"}]')
})

test('JSON body has the streams shape Loki reads', async () => {
  const values = [
    { seconds: 1700000000, nanos: 1, line: 'x', metadata: undefined },
  ]
  const encoded = await encodeBody(
    groups('{app="demo"}', values, '{"app":"demo"}', 'json'), 'json', false)
  assert.equal(encoded.contentType, 'application/json')
  assert.deepEqual(JSON.parse(Buffer.from(encoded.body).toString()), {
    streams: [{ stream: { app: 'demo' },
      values: [['1700000000000000001', 'x']] }],
  })
  const gzipped = await encodeBody(
    groups('{app="demo"}', values, '{"app":"demo"}', 'json'), 'json', true)
  assert.equal(gzipped.contentEncoding, 'gzip')
  assert.deepEqual(JSON.parse(gunzipSync(gzipped.body).toString()),
    JSON.parse(Buffer.from(encoded.body).toString()))
})

for (const [encoding, gzip] of [['protobuf', false], ['json', false],
  ['json', true]]) {
  test(`delivers through the receiver as ${encoding}` +
    `${gzip ? '+gzip' : ''}, nanoseconds and metadata intact`, async (t) => {
    const { client, receiver } = await clientAndReceiver(t,
      { encoding, gzip, labels: { app: 'demo', env: 'prod"x"' } })
    const now = BigInt(Date.now()) * 1_000_000n + 123_456n
    client.push({ line: 'hello ☃', timestamp: now,
      structuredMetadata: { trace_id: 'abc' } })
    client.push({ line: 'plain', timestamp: now + 1n,
      labels: { level: 'warn' } })
    await client.flush()
    const entries = receiver.entries()
    assert.deepEqual(entries.map((e) => [e.stream, e.timestamp, e.line,
      e.structuredMetadata]), [
      ['{app="demo", env="prod\\"x\\""}', String(now), 'hello ☃',
        { trace_id: 'abc' }],
      ['{app="demo", env="prod\\"x\\"", level="warn"}', String(now + 1n),
        'plain', {}],
    ])
    const request = receiver.requests()[0]
    assert.equal(request.contentType, encoding === 'json'
      ? 'application/json' : 'application/x-protobuf')
    assert.equal(request.contentEncoding,
      encoding === 'json' ? (gzip ? 'gzip' : undefined) : 'snappy')
  })
}

test('any entries encode to a push the testkit decodes back exactly',
  async () => {
  const entry = fc.record({
    seconds: fc.integer({ min: 0, max: 2 ** 33 }),
    nanos: fc.integer({ min: 0, max: 999_999_999 }),
    line: fc.string({ unit: 'grapheme', maxLength: 300 }),
    metadata: fc.option(fc.tuple(
      fc.stringMatching(/^[a-z_]{1,10}$/),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 })),
    { nil: undefined }),
  }, { noNullPrototype: true })
  await fc.assert(fc.asyncProperty(
    fc.array(entry, { minLength: 1, maxLength: 20 }),
    async (entries) => {
      const body = await encodePushRequest(groups('{app="x"}', entries))
      const [stream] = decodeProtobufPush(body, 3).streams
      assert.deepEqual(stream.entries.map((e) => [e.timestampNs, e.line,
        e.structuredMetadata.map((pair) => [pair.name, pair.value])]),
      entries.map((e) => [
        BigInt(e.seconds) * 1_000_000_000n + BigInt(e.nanos),
        e.line,
        e.metadata === undefined ? [] : [e.metadata],
      ]))
    }), { numRuns: 300 })
})

test('large bodies compress chunk by chunk into one valid snappy block',
  async () => {
    for (const size of [1, 65_535, 65_536, 65_537, 200_000, 1_048_576]) {
      const input = Buffer.alloc(size)
      for (let i = 0; i < size; i++) input[i] = (i * 7919 + (i >> 9)) & 0x3f
      const block = await compressSnappyBlock(input)
      assert.ok(block.length < size + 64)
      assert.deepEqual(Buffer.from(decompressSnappyBlock(block)), input,
        `${size} bytes`)
    }
  })

for (const encoding of ['protobuf', 'json']) {
  test(`a batch of 5,000 entries in ${encoding}, their records in ` +
    'several slabs, arrives whole', async (t) => {
    const { client, receiver } = await clientAndReceiver(t,
      { encoding, maxWaitMs: 60_000, maxBytes: 4 * 1024 * 1024 })
    for (let i = 0; i < 5000; i++) {
      client.push({ line: `${i} ${'é'.repeat(i % 50)}`,
        labels: { shard: String(i % 3) } })
    }
    await client.flush()
    assert.equal(receiver.requests().length, 1)
    const lines = receiver.entries().map((e) => e.line)
    assert.equal(lines.length, 5000)
    assert.deepEqual(new Set(lines.map((line) => Number(line.split(' ')[0]))),
      new Set(Array.from({ length: 5000 }, (_, i) => i)))
  })
}

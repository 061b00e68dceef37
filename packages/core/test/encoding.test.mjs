import assert from 'node:assert/strict'
import { test } from 'node:test'
import { gunzipSync } from 'node:zlib'
import { encodePushRequest } from '../dist/esm/protobuf-encoder.js'
import { encodeBody } from '../dist/esm/push-body.js'
import { QueuedEntry } from '../dist/esm/queued-entry.js'
import { jsonValue } from '../dist/esm/json-encoder.js'
import { clientAndReceiver } from './helpers/setup.mjs'

// The protocol note's vector, checked against a running Loki.
const GOLDEN = '0a460a1d7b6170703d2264656d6f222c20656e763d2270726f645c22785c' +
  '22227d12250a0b0880e2cfaa0610959aef3a120568656c6c6f1a0f0a0874726163655f' +
  '69641203616263'

function groups (streamKey, entries, json = '{}') {
  const stream = { key: streamKey, json, hash: 0, newestSeconds: 0,
    newestNanos: 0 }
  return new Map([[stream, entries.map((e, i) => new QueuedEntry('', stream,
    e.seconds, e.nanos, e.line, e.metadata, e.json, 0, i, 0))]])
}

test('encodes the golden protobuf vector byte for byte', () => {
  const body = encodePushRequest(groups('{app="demo", env="prod\\"x\\""}', [
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
  ].map((e) => ({ ...e, json: jsonValue(e.seconds, e.nanos, e.line) }))
  const encoded = await encodeBody(
    groups('{app="demo"}', values, '{"app":"demo"}'), 'json', false)
  assert.equal(encoded.contentType, 'application/json')
  assert.deepEqual(JSON.parse(Buffer.from(encoded.body).toString()), {
    streams: [{ stream: { app: 'demo' },
      values: [['1700000000000000001', 'x']] }],
  })
  const gzipped = await encodeBody(
    groups('{app="demo"}', values, '{"app":"demo"}'), 'json', true)
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

import assert from 'node:assert/strict'
import { after, before, beforeEach, test } from 'node:test'
import { deflateRawSync } from 'node:zlib'
import { startLokiReceiver } from '@lokits/testkit'
import snappy from 'snappyjs'
import {
  NOW_MS, encodePush, jsonStream, nsAt, post, pushJson, pushProtobuf,
} from './helpers.mjs'

// The protocol note's golden vector: {app="demo", env="prod\"x\""},
// 1700000000 s + 123456789 ns, line "hello", metadata trace_id=abc.
const GOLDEN = Buffer.from(
  '0a460a1d7b6170703d2264656d6f222c20656e763d2270726f645c22785c22227d1225' +
  '0a0b0880e2cfaa0610959aef3a120568656c6c6f1a0f0a0874726163655f69641203' +
  '616263', 'hex')

let receiver
before(async () => {
  receiver = await startLokiReceiver({ now: () => NOW_MS })
})
beforeEach(() => receiver.reset())
after(() => receiver.close())

test('decodes the golden protobuf vector byte for byte', async () => {
  const golden = await startLokiReceiver({
    // The vector's time is 2023-11-14T22:13:20Z: put the clock there.
    now: () => 1_700_000_000_000,
  })
  try {
    const { status } = await pushProtobuf(golden.pushUrl, GOLDEN)
    assert.equal(status, 204)
    assert.deepEqual(golden.entries(), [{
      tenant: 'fake',
      labels: { app: 'demo', env: 'prod"x"' },
      stream: '{app="demo", env="prod\\"x\\""}',
      timestamp: '1700000000123456789',
      line: 'hello',
      structuredMetadata: { trace_id: 'abc' },
    }])
  } finally {
    await golden.close()
  }
})

test('accepts a plain JSON push', async () => {
  const { status } = await pushJson(receiver.pushUrl, jsonStream(
    { app: 'api' }, [[nsAt(0, 1n), 'first'], [nsAt(0, 2n), 'second']]))

  assert.equal(status, 204)
  assert.deepEqual(receiver.entries().map((e) => [e.timestamp, e.line]), [
    [nsAt(0, 1n), 'first'],
    [nsAt(0, 2n), 'second'],
  ])
})

test('accepts a gzipped JSON push with structured metadata', async () => {
  const { status } = await pushJson(receiver.pushUrl, jsonStream(
    { app: 'api' }, [[nsAt(), 'with meta', { trace_id: 'abc' }]]),
  { gzip: true })

  assert.equal(status, 204)
  const [entry] = receiver.entries()
  assert.deepEqual(entry.structuredMetadata, { trace_id: 'abc' })
  assert.equal(receiver.requests()[0].contentEncoding, 'gzip')
})

test('rejects a numeric JSON timestamp with 400', async () => {
  const body = `{"streams":[{"stream":{"app":"api"},` +
    `"values":[[${nsAt()},"line"]]}]}`
  const { status, text } = await pushJson(receiver.pushUrl, body)

  assert.equal(status, 400)
  assert.match(text, /timestamp\) must be a string/)
  assert.equal(receiver.entries().length, 0)
})

test('rejects a push without Content-Type with 400', async () => {
  const body = JSON.stringify(jsonStream({ app: 'api' }, [[nsAt(), 'x']]))
  // A Blob without a type makes fetch send no Content-Type at all.
  const { status, text } = await post(receiver.pushUrl, new Blob([body]))

  assert.equal(receiver.requests()[0].contentType, undefined)
  assert.equal(status, 400)
  assert.equal(text, 'mime: no media type')
})

test('rejects a framed snappy body with 400', async () => {
  const protobuf = encodePush([{ labels: '{app="api"}',
    entries: [{ ts: nsAt(), line: 'x' }] }])
  const framed = Buffer.concat([
    Buffer.from('ff060000734e61507059', 'hex'), // stream identifier
    Buffer.from([0x01, ...le24(protobuf.length + 4), 0, 0, 0, 0]),
    protobuf,
  ])
  const { status, text } = await post(receiver.pushUrl, framed,
    { 'content-type': 'application/x-protobuf' })

  assert.equal(status, 400)
  assert.equal(text, 'snappy: corrupt input')
})

test('treats any non-JSON content type as snappy protobuf', async () => {
  const protobuf = encodePush([{ labels: '{app="api"}',
    entries: [{ ts: nsAt(), line: 'x' }] }])
  const { status } = await post(receiver.pushUrl,
    Buffer.from(snappy.compress(protobuf)),
    { 'content-type': 'application/octet-stream',
      'content-encoding': 'snappy' })

  assert.equal(status, 204)
  assert.equal(receiver.entries().length, 1)
})

test('rejects an unsupported Content-Encoding with 400', async () => {
  const { status, text } = await pushJson(receiver.pushUrl,
    jsonStream({ app: 'api' }, [[nsAt(), 'x']]),
    { headers: { 'content-encoding': 'br' } })

  assert.equal(status, 400)
  assert.equal(text, 'Content-Encoding "br" not supported')
})

test('a bad label string fails the whole request, storing nothing',
  async () => {
    const protobuf = encodePush([
      { labels: '{app="good"}', entries: [{ ts: nsAt(), line: 'kept?' }] },
      { labels: '{app="bad}', entries: [{ ts: nsAt(), line: 'bad' }] },
    ])
    const { status, text } = await pushProtobuf(receiver.pushUrl, protobuf)

    assert.equal(status, 400)
    assert.match(text, /^Error parsing labels '\{app="bad\}' with error: /)
    assert.deepEqual(receiver.entries(), [])
  })

test('a missing protobuf timestamp is the zero time, too old', async () => {
  const protobuf = encodePush([{ labels: '{app="api"}',
    entries: [{ ts: undefined, line: 'no time' }] }])
  const { status, text } = await pushProtobuf(receiver.pushUrl, protobuf)

  assert.equal(status, 400)
  assert.match(text, /has timestamp too old: 1970-01-01T00:00:00Z/)
})

test('records each request with headers as received', async () => {
  await pushJson(receiver.pushUrl, jsonStream({ app: 'api' }, [[nsAt(), 'x']]),
    { headers: { authorization: 'Basic dTpw', 'x-scope-orgid': 'team' } })

  const [request] = receiver.requests()
  assert.equal(request.method, 'POST')
  assert.equal(request.path, '/loki/api/v1/push')
  assert.equal(request.headers.authorization, 'Basic dTpw')
  assert.equal(request.contentType, 'application/json')
  assert.equal(request.status, 204)
  assert.equal(request.entriesReceived, 1)
  assert.equal(request.entriesStored, 1)
  assert.ok(request.bodyBytes > 0)
  assert.equal(request.error, undefined)
})

test('accepts a path prefix before the push path, as a gateway', async () => {
  const { status } = await pushJson(`${receiver.url}/tenant-a/loki/api/v1/push`,
    jsonStream({ app: 'api' }, [[nsAt(), 'x']]))

  assert.equal(status, 204)
})

test('answers 404 for other paths and 405 for other methods', async () => {
  const notFound = await post(`${receiver.url}/api/prom/push`, '{}',
    { 'content-type': 'application/json' })
  const doubled = await post(`${receiver.url}//loki/api/v1/push`, '{}',
    { 'content-type': 'application/json' })
  const get = await fetch(receiver.pushUrl)

  assert.equal(notFound.status, 404)
  assert.equal(doubled.status, 404)
  assert.equal(get.status, 405)
})

test('GET /ready answers 200 ready', async () => {
  const response = await fetch(`${receiver.url}/ready`)

  assert.equal(response.status, 200)
  assert.equal(await response.text(), 'ready')
})

function le24 (n) {
  return [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff]
}

test('a JSON label name Loki refuses fails the whole request', async () => {
  const { status, text } = await pushJson(receiver.pushUrl, {
    streams: [
      { stream: { app: 'good' }, values: [[nsAt(), 'x']] },
      { stream: { 'app-name': 'bad' }, values: [[nsAt(), 'y']] },
    ],
  })

  assert.equal(status, 400)
  assert.equal(text, 'Error parsing labels \'{app-name="bad"}\' with ' +
    'error: invalid label name \'app-name\'')
  assert.deepEqual(receiver.entries(), [])
})

test('JSON lone surrogates are stored as U+FFFD, as Go decodes them',
  async () => {
    const body = '{"streams":[{"stream":{"app":"a\\ud800"},' +
      `"values":[["${nsAt()}","x\\udc00"]]}]}`
    const { status } = await pushJson(receiver.pushUrl, body)

    assert.equal(status, 204)
    const [entry] = receiver.entries()
    assert.equal(entry.line, 'x\ufffd')
    assert.equal(entry.stream, '{app="a\ufffd"}')
  })

test('accepts raw DEFLATE JSON, as Loki reads Content-Encoding deflate',
  async () => {
    const body = JSON.stringify(jsonStream({ app: 'a' }, [[nsAt(), 'x']]))
    const { status } = await post(receiver.pushUrl, deflateRawSync(body),
      { 'content-type': 'application/json', 'content-encoding': 'deflate' })

    assert.equal(status, 204)
  })

test('a label string refused once is refused again, not remembered',
  async () => {
    const protobuf = encodePush([
      { labels: '{__name__="x"}', entries: [{ ts: nsAt(), line: 'x' }] },
    ])
    const first = await pushProtobuf(receiver.pushUrl, protobuf)
    const again = await pushProtobuf(receiver.pushUrl, protobuf)

    assert.deepEqual([first.status, again.status], [400, 400])
    assert.equal(again.text, first.text)
  })

test('a JSON label name that spells the label string of another stream ' +
  'is refused, even after that stream was read', async () => {
  const good = await pushJson(receiver.pushUrl,
    jsonStream({ app: 'a', env: 'x' }, [[nsAt(), 'x']]))
  const bad = await pushJson(receiver.pushUrl,
    jsonStream({ 'app="a", env': 'x' }, [[nsAt(), 'y']]))

  assert.deepEqual([good.status, bad.status], [204, 400])
  assert.equal(bad.text, 'Error parsing labels \'{app="a", env="x"}\' with ' +
    'error: invalid label name \'app="a", env\'')
  assert.deepEqual(receiver.entries().map((e) => e.line), ['x'])
})

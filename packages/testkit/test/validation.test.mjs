import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  encodePush, jsonStream, nsAt, pushJson, pushProtobuf,
  withReceiver,
} from './helpers.mjs'

const MINUTE_MS = 60_000
const DAY_MS = 24 * 60 * MINUTE_MS

test('partial success stores the valid entries and answers 400 with the ' +
  'first failure', () => withReceiver({}, async (receiver) => {
  const { status, text } = await pushJson(receiver.pushUrl, {
    streams: [
      { stream: { app: 'a' }, values: [[nsAt(), 'good 1']] },
      { stream: { app: 'b' }, values: [
        [nsAt(-8 * DAY_MS), 'too old'],
        [nsAt(0, 1n), 'good 2'],
        [nsAt(11 * MINUTE_MS), 'too new'],
      ] },
    ],
  })

  assert.equal(status, 400)
  const lines = text.split('\n')
  assert.match(lines[0],
    /^entry for stream '\{app="b"\}' has timestamp too old: 2023-12-24T/)
  assert.match(lines[1],
    /^entry for stream '\{app="b"\}' has timestamp too new: /)
  assert.deepEqual(receiver.entries().map((e) => e.line),
    ['good 1', 'good 2'])
  assert.deepEqual(receiver.stats().entriesRejected, {
    greater_than_max_sample_age: 1,
    too_far_in_future: 1,
  })
  assert.equal(receiver.requests()[0].error, lines[0])
}))

test('drops duplicates within one request and across requests', () =>
  withReceiver({}, async (receiver) => {
    const values = [
      [nsAt(), 'same'],
      [nsAt(), 'same'],
      [nsAt(), 'same', { trace_id: '1' }],
      [nsAt(0, 1n), 'same'],
    ]
    const first = await pushJson(receiver.pushUrl,
      jsonStream({ app: 'a' }, values))
    const again = await pushJson(receiver.pushUrl,
      jsonStream({ app: 'a' }, values))
    const otherStream = await pushJson(receiver.pushUrl,
      jsonStream({ app: 'b' }, values.slice(0, 1)))

    assert.deepEqual([first.status, again.status, otherStream.status],
      [204, 204, 204])
    assert.equal(receiver.entries().length, 4)
    assert.equal(receiver.stats().duplicatesRemoved, 5)
  }))

test('orders labels into the canonical stream string', () =>
  withReceiver({}, async (receiver) => {
    await pushProtobuf(receiver.pushUrl, encodePush([
      { labels: '{ zone = "z",app="a\\u00e9", empty="" ,}',
        entries: [{ ts: nsAt(), line: 'x' }] },
    ]))
    await pushJson(receiver.pushUrl,
      jsonStream({ app: 'aé', zone: 'z' }, [[nsAt(), 'y']]))

    const streams = receiver.streams()
    assert.equal(streams.length, 1)
    assert.equal(streams[0].stream, '{app="aé", zone="z"}')
    assert.deepEqual(streams[0].labels, { app: 'aé', zone: 'z' })
    assert.equal(streams[0].entries.length, 2)
  }))

test('Loki 3 names a stream without labels unknown_service', () =>
  withReceiver({}, async (receiver) => {
    const { status } = await pushJson(receiver.pushUrl,
      jsonStream({ empty: '' }, [[nsAt(), 'x']]))

    assert.equal(status, 204)
    assert.equal(receiver.entries()[0].stream,
      '{service_name="unknown_service"}')
  }))

test('Loki 2 refuses a stream without labels, storing nothing', () =>
  withReceiver({ version: 2 }, async (receiver) => {
    const { status, text } = await pushJson(receiver.pushUrl, {
      streams: [
        { stream: { app: 'a' }, values: [[nsAt(), 'x']] },
        { stream: {}, values: [[nsAt(), 'y']] },
      ],
    })

    assert.equal(status, 400)
    assert.equal(text, 'error at least one label pair is required per stream')
    assert.equal(receiver.entries().length, 0)
  }))

test('Loki 2 rejects a three-element JSON value for the whole request', () =>
  withReceiver({ version: 2 }, async (receiver) => {
    const { status, text } = await pushJson(receiver.pushUrl,
      jsonStream({ app: 'a' }, [[nsAt(), 'x'], [nsAt(0, 1n), 'y', {}]]))

    assert.equal(status, 400)
    assert.match(text, /has 3 elements/)
    assert.equal(receiver.entries().length, 0)
  }))

test('Loki 3 accepts a three-element JSON value', () =>
  withReceiver({ version: 3 }, async (receiver) => {
    const { status } = await pushJson(receiver.pushUrl,
      jsonStream({ app: 'a' }, [[nsAt(), 'y', { k: 'v' }]]))

    assert.equal(status, 204)
    assert.deepEqual(receiver.entries()[0].structuredMetadata, { k: 'v' })
  }))

test('Loki 2 ignores protobuf structured metadata', () =>
  withReceiver({ version: 2 }, async (receiver) => {
    const { status } = await pushProtobuf(receiver.pushUrl, encodePush([
      { labels: '{app="a"}',
        entries: [{ ts: nsAt(), line: 'x', metadata: { k: 'v' } }] },
    ]))

    assert.equal(status, 204)
    assert.deepEqual(receiver.entries()[0].structuredMetadata, {})
  }))

test('refuses a stream with too many labels, keeping the others', () =>
  withReceiver({ limits: { maxLabelNamesPerSeries: 2 } }, async (receiver) => {
    const { status, text } = await pushJson(receiver.pushUrl, {
      streams: [
        { stream: { a: '1', b: '2', c: '3' }, values: [[nsAt(), 'x']] },
        { stream: { a: '1', b: '2' }, values: [[nsAt(), 'y']] },
      ],
    })

    assert.equal(status, 400)
    assert.equal(text, 'entry for stream \'{a="1", b="2", c="3"}\' has 3 ' +
      'label names; limit 2')
    assert.deepEqual(receiver.entries().map((e) => e.line), ['y'])
  }))

test('Loki 2 allows 30 labels, Loki 3 only 15', async () => {
  const stream = Object.fromEntries(
    Array.from({ length: 16 }, (_, i) => [`l${i}`, 'v']))
  const body = jsonStream(stream, [[nsAt(), 'x']])
  await withReceiver({ version: 2 }, async (receiver) => {
    assert.equal((await pushJson(receiver.pushUrl, body)).status, 204)
  })
  await withReceiver({ version: 3 }, async (receiver) => {
    assert.equal((await pushJson(receiver.pushUrl, body)).status, 400)
  })
})

test('refuses label names and values over their byte limits', () =>
  withReceiver({ limits: { maxLabelNameLength: 4, maxLabelValueLength: 4 } },
    async (receiver) => {
      const { status, text } = await pushJson(receiver.pushUrl, {
        streams: [
          { stream: { named: 'v' }, values: [[nsAt(), '1']] },
          { stream: { app: 'ééé' }, values: [[nsAt(), '2']] },
          { stream: { app: 'abcd' }, values: [[nsAt(), '3']] },
        ],
      })

      assert.equal(status, 400)
      assert.deepEqual(text.split('\n'), [
        'stream \'{named="v"}\' has label name too long: \'named\'',
        'stream \'{app="ééé"}\' has label value too long: \'ééé\'',
      ])
      assert.deepEqual(receiver.entries().map((e) => e.line), ['3'])
    }))

test('refuses lines over maxLineSize, counting UTF-8 bytes', () =>
  withReceiver({ limits: { maxLineSize: 4 } }, async (receiver) => {
    const { status, text } = await pushJson(receiver.pushUrl,
      jsonStream({ app: 'a' }, [[nsAt(), 'abcd'], [nsAt(0, 1n), 'abcé']]))

    assert.equal(status, 400)
    assert.equal(text, 'Max entry size \'4\' bytes exceeded for stream ' +
      '\'{app="a"}\' while adding an entry with length \'5\' bytes')
    assert.deepEqual(receiver.entries().map((e) => e.line), ['abcd'])
  }))

test('Loki 3 limits lines to 256 KiB, Loki 2 does not', async () => {
  const body = jsonStream({ app: 'a' }, [[nsAt(), 'x'.repeat(262_145)]])
  await withReceiver({ version: 3 }, async (receiver) => {
    const { status, text } = await pushJson(receiver.pushUrl, body)
    assert.equal(status, 400)
    assert.match(text, /^Max entry size '262144' bytes exceeded/)
  })
  await withReceiver({ version: 2 }, async (receiver) => {
    assert.equal((await pushJson(receiver.pushUrl, body)).status, 204)
  })
})

test('the clock decides what is too old and too new', () =>
  withReceiver({ limits: { rejectOldSamplesMaxAgeMs: DAY_MS,
    creationGracePeriodMs: MINUTE_MS } }, async (receiver) => {
    const { status } = await pushJson(receiver.pushUrl, jsonStream(
      { app: 'a' }, [
        [nsAt(-DAY_MS), 'oldest kept'],
        [nsAt(-DAY_MS - 1), 'too old'],
        [nsAt(MINUTE_MS), 'newest kept'],
        [nsAt(MINUTE_MS + 1), 'too new'],
      ]))

    assert.equal(status, 400)
    assert.deepEqual(receiver.entries().map((e) => e.line),
      ['oldest kept', 'newest kept'])
  }))

test('refuses structured metadata over its size and count limits', () =>
  withReceiver({ limits: { maxStructuredMetadataSize: 8,
    maxStructuredMetadataEntries: 2 } }, async (receiver) => {
    const { status, text } = await pushJson(receiver.pushUrl, jsonStream(
      { app: 'a' }, [
        [nsAt(0, 1n), 'big', { key: 'values' }],
        [nsAt(0, 2n), 'many', { a: '1', b: '2', c: '3' }],
        [nsAt(0, 3n), 'fits', { a: '1', b: '2' }],
      ]))

    assert.equal(status, 400)
    const [large, many] = text.split('\n')
    assert.match(large, new RegExp('^stream \'\\{app="a"\\}\' has ' +
      'structured metadata too large: \'9\' bytes, limit: \'8\' bytes'))
    assert.match(many, new RegExp('^stream \'\\{app="a"\\}\' has too ' +
      'many structured metadata labels: \'3\', limit: \'2\''))
    assert.deepEqual(receiver.entries().map((e) => e.line), ['fits'])
  }))

test('refuses entries too far behind the newest of their stream', () =>
  withReceiver({ limits: { outOfOrderWindowMs: MINUTE_MS } },
    async (receiver) => {
      await pushJson(receiver.pushUrl,
        jsonStream({ app: 'a' }, [[nsAt(), 'newest']]))
      const { status, text } = await pushJson(receiver.pushUrl, jsonStream(
        { app: 'a' }, [
          [nsAt(-MINUTE_MS), 'inside the window'],
          [nsAt(-MINUTE_MS - 1), 'behind'],
        ]))

      assert.equal(status, 400)
      assert.match(text,
        /^entry with timestamp .* ignored, reason: 'entry too far behind/)
      assert.deepEqual(receiver.entries().map((e) => e.line),
        ['newest', 'inside the window'])
    }))

test('answers 413 for a body over maxBodyBytes, storing nothing', () =>
  withReceiver({ limits: { maxBodyBytes: 64 } }, async (receiver) => {
    const body = jsonStream({ app: 'a' }, [[nsAt(), 'x'.repeat(100)]])
    const { status, text } = await pushJson(receiver.pushUrl, body)

    assert.equal(status, 413)
    assert.match(text, /^request body too large: \d+ bytes, limit: 64 bytes$/)
    assert.equal(receiver.entries().length, 0)
  }))

test('answers 413 when a small gzip body inflates past maxBodyBytes', () =>
  withReceiver({ limits: { maxBodyBytes: 1000 } }, async (receiver) => {
    const body = jsonStream({ app: 'a' }, [[nsAt(), 'x'.repeat(5000)]])
    const { status } = await pushJson(receiver.pushUrl, body, { gzip: true })

    assert.equal(status, 413)
    assert.ok(receiver.requests()[0].bodyBytes < 1000)
  }))

test('answers 413 when a snappy block declares more than maxBodyBytes', () =>
  withReceiver({ limits: { maxBodyBytes: 1000 } }, async (receiver) => {
    const protobuf = encodePush([{ labels: '{app="a"}',
      entries: [{ ts: nsAt(), line: 'x'.repeat(2000) }] }])
    const { status, text } = await pushProtobuf(receiver.pushUrl, protobuf)

    assert.equal(status, 413)
    assert.equal(text, `request body too large: ${protobuf.length} bytes, ` +
      'limit: 1000 bytes')
  }))

test('Loki 2 answers 400 for a body over maxBodyBytes', () =>
  withReceiver({ version: 2, limits: { maxBodyBytes: 10 } },
    async (receiver) => {
      const { status } = await pushJson(receiver.pushUrl,
        jsonStream({ app: 'a' }, [[nsAt(), 'x']]))

      assert.equal(status, 400)
    }))

test('Loki 3 answers 422 to a push without streams, Loki 2 answers 204',
  async () => {
    await withReceiver({ version: 3 }, async (receiver) => {
      const { status, text } = await pushJson(receiver.pushUrl, { streams: [] })
      assert.equal(status, 422)
      assert.equal(text,
        'error at least one valid stream is required for ingestion')
    })
    await withReceiver({ version: 2 }, async (receiver) => {
      assert.equal((await pushJson(receiver.pushUrl, {})).status, 204)
    })
  })

test('answers 429 for new streams past maxStreamsPerTenant', () =>
  withReceiver({ limits: { maxStreamsPerTenant: 1 } }, async (receiver) => {
    const { status, text } = await pushJson(receiver.pushUrl, {
      streams: [
        { stream: { app: 'a' }, values: [[nsAt(), 'first stream']] },
        { stream: { app: 'b' }, values: [[nsAt(), 'second stream']] },
        { stream: { app: 'a' }, values: [[nsAt(0, 1n), 'old stream']] },
      ],
    })

    assert.equal(status, 429)
    assert.match(text, new RegExp('^Maximum active stream limit exceeded ' +
      'when trying to create stream \\{app="b"\\}'))
    assert.match(text, /user: 'fake'$/)
    assert.deepEqual(receiver.entries().map((e) => e.line),
      ['first stream', 'old stream'])
    assert.deepEqual(receiver.stats().entriesRejected, { stream_limit: 1 })
  }))

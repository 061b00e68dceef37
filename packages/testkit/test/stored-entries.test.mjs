// Stored entries as readers see them, however many pushes they came in
// and whenever they are read.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  encodePush, jsonStream, nsAt, pushJson, pushProtobuf, withReceiver,
} from './helpers.mjs'

const MINUTE_MS = 60_000
const NO_TIME_LIMITS = {
  rejectOldSamplesMaxAgeMs: 0, creationGracePeriodMs: 0, outOfOrderWindowMs: 0,
}

test('entries() read between pushes keeps its entries and adds the new', () =>
  withReceiver({}, async (receiver) => {
    await pushJson(receiver.pushUrl,
      jsonStream({ app: 'a' }, [[nsAt(1), 'one'], [nsAt(2), 'two']]))
    const before = receiver.entries()
    await pushProtobuf(receiver.pushUrl, encodePush([
      { labels: '{app="a"}', entries: [{ ts: nsAt(3), line: 'three' }] },
      { labels: '{app="b"}', entries: [{ ts: nsAt(3), line: 'other' }] },
    ]))
    const after = receiver.entries()

    assert.deepEqual(after.map((e) => e.line),
      ['one', 'two', 'three', 'other'])
    assert.equal(after[0], before[0])
    assert.equal(receiver.streams()[0].entries[2], after[2])
    // A copy each time: changing it changes nothing stored.
    after.pop()
    assert.equal(receiver.entries().length, 4)
  }))

test('a push stored only in small part keeps that part readable', () =>
  withReceiver({}, async (receiver) => {
    const entries = Array.from({ length: 200 }, (_, i) =>
      ({ ts: nsAt(i), line: `line ${i} `.repeat(10) }))
    const fresh = { ts: nsAt(100, 1n), line: 'new é', metadata: { k: 'v' } }
    const push = (list) => pushProtobuf(receiver.pushUrl,
      encodePush([{ labels: '{app="a"}', entries: list }]))
    await push(entries)
    await push([...entries, fresh])
    await push([fresh])

    const stored = receiver.entries()
    assert.equal(stored.length, 201)
    assert.deepEqual([stored[200].line, stored[200].structuredMetadata],
      ['new é', { k: 'v' }])
    assert.equal(stored[199].line, entries[199].line)
    assert.equal(receiver.stats().duplicatesRemoved, 201)
  }))

test('the out-of-order window follows the newest entry to the nanosecond',
  () => withReceiver({ limits: { outOfOrderWindowMs: MINUTE_MS } },
    async (receiver) => {
      const push = (values) => pushJson(receiver.pushUrl,
        jsonStream({ app: 'a' }, values))
      await push([[nsAt(), 'newest'], [nsAt(-1000), 'behind, kept']])
      await push([[nsAt(0, 1n), 'newer by 1 ns']])
      const { status } = await push([[nsAt(-MINUTE_MS), 'now too far']])

      assert.equal(status, 400)
      assert.deepEqual(receiver.stats().entriesRejected, { too_far_behind: 1 })
    }))

test('JSON timestamps are read exactly up to the ends of int64', () =>
  withReceiver({ limits: NO_TIME_LIMITS }, async (receiver) => {
    const accepted = await pushJson(receiver.pushUrl, jsonStream(
      { app: 'a' }, [
        ['00' + nsAt(), 'leading zeros'],
        ['9223372036854775807', 'max'],
        ['-9223372036854775808', 'min'],
        ['-1500000000', 'before 1970'],
        ['7', 'tiny'],
      ]))
    const refused = (ts) => pushJson(receiver.pushUrl,
      jsonStream({ app: 'a' }, [[ts, 'x']]))
    const tooLarge = await refused('9223372036854775808')
    const outOfRange = await Promise.all(['10000000000000000000',
      '-9223372036854775809'].map(async (ts) => (await refused(ts)).status))

    assert.equal(accepted.status, 204)
    assert.deepEqual(receiver.entries().map((e) => e.timestamp), [
      nsAt(), '9223372036854775807', '-9223372036854775808', '-1500000000',
      '7',
    ])
    assert.deepEqual([tooLarge.status, ...outOfRange], [400, 400, 400])
    assert.equal(tooLarge.text, 'invalid push request: ' +
      'streams[0].values[0][0] (timestamp) is out of the int64 range: ' +
      '9223372036854775808')
  }))

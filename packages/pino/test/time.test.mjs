import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ship } from './helpers/ship.mjs'

// The nanoseconds a record's `time` stands for, computed independently of
// the transport from what pino wrote.
function expectedNanoseconds (format, time) {
  switch (format) {
    case 'epochTime': return BigInt(time) * 1_000_000n
    case 'unixTime': return BigInt(time) * 1_000_000_000n
    case 'nanoString': return BigInt(time)
    case 'isoTime':
    case 'isoTimeNano': {
      const seconds = BigInt(Math.floor(Date.parse(time) / 1000))
      const fraction = /\.(\d+)Z$/.exec(time)[1].padEnd(9, '0')
      return seconds * 1_000_000_000n + BigInt(fraction)
    }
  }
  throw new Error(`no expectation for ${format}`)
}

function nanoseconds (ms) {
  return BigInt(ms) * 1_000_000n
}

/** Checks each entry's timestamp against the time its record carries. */
function assertTimesKept (entries, before, after) {
  for (const entry of entries) {
    const record = JSON.parse(entry.line)
    const stored = BigInt(entry.timestamp)
    if (record.format === 'none') {
      assert.equal(record.time, undefined)
      assert.ok(stored >= before && stored <= after,
        `capture time ${stored} not within the run`)
    } else {
      assert.equal(stored, expectedNanoseconds(record.format, record.time),
        record.format)
    }
  }
}

const FORMATS = ['epochTime', 'isoTime', 'isoTimeNano', 'nanoString', 'none',
  'unixTime']

test("entries keep the time of pino's every time format", async (t) => {
  const before = nanoseconds(Date.now())
  const entries = []
  for (const format of FORMATS) {
    entries.push(...await ship(t, 'timeFormats', {}, { format }))
  }
  const after = nanoseconds(Date.now())

  assert.deepEqual(entries.map((e) => JSON.parse(e.line).format).sort(),
    FORMATS)
  assertTimesKept(entries, before, after)
})

test('entries keep their time when the whole record is read for labels',
  async (t) => {
    const before = nanoseconds(Date.now())
    const entries = await ship(t, 'timeFormats', { labelKeys: ['format'] })
    const after = nanoseconds(Date.now())

    assert.deepEqual(entries.map((e) => e.labels.format).sort(), FORMATS)
    assertTimesKept(entries, before, after)
  })

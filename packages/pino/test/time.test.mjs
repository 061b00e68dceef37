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

test("entries keep the time of pino's every time format", async (t) => {
  const before = BigInt(Date.now()) * 1_000_000n
  const entries = await ship(t, 'timeFormats', { labelKeys: ['format'] })
  const after = BigInt(Date.now()) * 1_000_000n

  const formats = entries.map((e) => e.labels.format)
  assert.deepEqual(formats.sort(), ['epochTime', 'isoTime', 'isoTimeNano',
    'nanoString', 'none', 'unixTime'])
  for (const entry of entries) {
    const { format } = entry.labels
    const record = JSON.parse(entry.line)
    const stored = BigInt(entry.timestamp)
    if (format === 'none') {
      assert.equal(record.time, undefined)
      assert.ok(stored >= before && stored <= after,
        `capture time ${stored} not within the run`)
    } else {
      assert.equal(stored, expectedNanoseconds(format, record.time), format)
    }
  }
})

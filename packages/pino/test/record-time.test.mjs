import assert from 'node:assert/strict'
import { test } from 'node:test'
import { recordTime } from '../dist/esm/record-time.js'

test('recordTime() tells epoch units apart by magnitude', () => {
  const cases = [
    [1_700_000_000, 1_700_000_000_000],
    [1_700_000_000.5, 1_700_000_000_500],
    [1_700_000_000_123, 1_700_000_000_123],
    [1_700_000_000_123_456, 1_700_000_000_123.456],
    [1_700_000_000_123_456_800, 1_700_000_000_123.4568],
  ]
  for (const [time, ms] of cases) assert.equal(recordTime(time), ms, time)
})

test('recordTime() pads epoch digit strings to nanoseconds', () => {
  const cases = [
    ['1700000000', '1700000000000000000'],
    ['1700000000123', '1700000000123000000'],
    ['1700000000123456', '1700000000123456000'],
    ['1700000000123456789', '1700000000123456789'],
  ]
  for (const [time, ns] of cases) assert.equal(recordTime(time), ns, time)
})

test('recordTime() passes ISO strings on and leaves no time undefined',
  () => {
    const iso = '2026-01-01T00:00:00.123456789Z'
    assert.equal(recordTime(iso), iso)
    assert.equal(recordTime(undefined), undefined)
    assert.equal(recordTime(null), undefined)
    assert.equal(recordTime({}), undefined)
  })

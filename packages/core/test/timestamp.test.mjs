import assert from 'node:assert/strict'
import { test } from 'node:test'
import { nanosecondString, readTimestamp } from '../dist/esm/timestamp.js'

function read (input) {
  const at = { seconds: -1, nanos: -1 }
  return readTimestamp(input, at)
    ? nanosecondString(at.seconds, at.nanos)
    : 'invalid'
}

const CASES = [
  ['a bigint of nanoseconds', 1700000000123456789n, '1700000000123456789'],
  ['a string of nanoseconds', '1700000000123456789', '1700000000123456789'],
  ['a number of milliseconds', 1700000000123, '1700000000123000000'],
  ['fractional milliseconds', 1700000000123.5, '1700000000123500000'],
  ['a Date', new Date(1700000000123), '1700000000123000000'],
  ['ISO with nanoseconds', '2023-11-14T22:13:20.123456789Z',
    '1700000000123456789'],
  ['ISO with an offset', '2023-11-14T23:13:20.5+01:00',
    '1700000000500000000'],
  ['ISO without fraction', '2023-11-14T22:13:20Z', '1700000000000000000'],
  ['NaN', Number.NaN, 'invalid'],
  ['Infinity', Number.POSITIVE_INFINITY, 'invalid'],
  ['a negative number', -5, 'invalid'],
  ['a negative bigint', -5n, 'invalid'],
  ['an unparsable string', 'yesterday', 'invalid'],
  ['an invalid Date', new Date('nope'), 'invalid'],
  ['an object', { time: 1 }, 'invalid'],
]

for (const [name, input, expected] of CASES) {
  test(`reads ${name}`, () => {
    assert.equal(read(input), expected)
  })
}

test('short nanosecond strings stay exact', () => {
  assert.equal(read('42'), '42')
})

// JSON timestamps: decimal strings of int64 nanoseconds, read into a
// timestamp pair. Positive ones, which is all of today's, are read digit
// by digit; negative ones take BigInt.
import { pairFromNs, type TimestampPair } from './timestamp-pair.js'

const INT64_MIN = -(2n ** 63n)
const INTEGER = /^-?[0-9]+$/
// INT64_MAX split into seconds and nanos.
const MAX_SECONDS = 9_223_372_036
const MAX_NANOS = 854_775_807

/**
 * Reads a JSON timestamp; returns the problem with it as a message ending
 * in the value, for the caller to name the field.
 */
export function readJsonTimestamp (
  timestamp: unknown
): TimestampPair | string {
  // Loki reads the timestamp as a string only: a JSON number cannot carry
  // nanoseconds exactly.
  if (typeof timestamp !== 'string') {
    return 'must be a string of integer nanoseconds, got ' +
      (typeof timestamp === 'number' ? 'a number' : typeof timestamp)
  }
  if (!INTEGER.test(timestamp)) {
    return `is not an integer: ${JSON.stringify(timestamp)}`
  }
  if (timestamp[0] !== '-') return readDigits(timestamp)

  const ns = BigInt(timestamp)
  if (ns < INT64_MIN) return outOfRange(timestamp)
  return pairFromNs(ns)
}

// The seconds are exact as long as they are within the int64 range (10
// digits), and past it they only grow: leading zeros and long strings
// need no special case.
function readDigits (digits: string): TimestampPair | string {
  const split = digits.length - 9
  let seconds = 0
  let nanos = 0
  for (let i = 0; i < digits.length; i++) {
    const digit = digits.charCodeAt(i) - 48
    if (i < split) seconds = seconds * 10 + digit
    else nanos = nanos * 10 + digit
  }
  if (seconds > MAX_SECONDS || (seconds === MAX_SECONDS && nanos > MAX_NANOS)) {
    return outOfRange(digits)
  }
  return { seconds, nanos }
}

function outOfRange (timestamp: string): string {
  return `is out of the int64 range: ${timestamp}`
}

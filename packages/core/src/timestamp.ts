/**
 * A timestamp as the client accepts it: a bigint of nanoseconds, a string
 * of nanoseconds, a number of milliseconds (fractions keep sub-millisecond
 * digits), a `Date`, or an ISO-8601 string (fractions to the nanosecond).
 */
export type TimestampInput = bigint | string | number | Date

const NS_PER_S = 1_000_000_000n
const DIGITS = /^\d+$/
const ISO_FRACTION = /T[\d:]+[.,](\d+)/

/**
 * A point in time as Loki's protobuf carries it. `nanos` is always in
 * [0, 1e9).
 */
export interface Instant {
  seconds: number
  nanos: number
}

/**
 * Reads `input` into `into` and returns true, or returns false for a value
 * that is not a time after the epoch (NaN, negative, unparsable). Writing
 * into a caller's object keeps the push path free of allocations.
 */
export function readTimestamp (input: unknown, into: Instant): boolean {
  switch (typeof input) {
    case 'number': return fromMilliseconds(input, into)
    case 'bigint': return fromNanoseconds(input, into)
    case 'string': return fromString(input, into)
    case 'object':
      return input instanceof Date && fromMilliseconds(input.getTime(), into)
    default: return false
  }
}

/** Sets `into` from whole milliseconds since the epoch. */
export function fromMilliseconds (ms: number, into: Instant): boolean {
  if (!Number.isFinite(ms) || ms < 0) return false
  const whole = Math.floor(ms)
  const seconds = Math.floor(whole / 1000)
  // Whole milliseconds convert exactly; a fraction adds what a double at
  // this magnitude can hold (about a quarter of a microsecond).
  const fraction = Math.min(999_999, Math.round((ms - whole) * 1e6))
  into.seconds = seconds
  into.nanos = (whole - seconds * 1000) * 1_000_000 + fraction
  return Number.isSafeInteger(seconds)
}

function fromNanoseconds (ns: bigint, into: Instant): boolean {
  if (ns < 0n) return false
  const seconds = Number(ns / NS_PER_S)
  into.seconds = seconds
  into.nanos = Number(ns % NS_PER_S)
  return Number.isSafeInteger(seconds)
}

function fromString (text: string, into: Instant): boolean {
  if (DIGITS.test(text)) {
    // Nanoseconds as digits: split rather than parse, to keep every digit.
    const split = text.length - 9
    into.seconds = split > 0 ? Number(text.slice(0, split)) : 0
    into.nanos = Number(split > 0 ? text.slice(split) : text)
    return Number.isSafeInteger(into.seconds)
  }
  const ms = Date.parse(text)
  if (!fromMilliseconds(ms, into)) return false
  // Date.parse stops at milliseconds; the fraction's digits are the same
  // whatever the offset, so read them from the text.
  const fraction = ISO_FRACTION.exec(text)?.[1]
  if (fraction !== undefined) {
    into.nanos = Number(fraction.slice(0, 9).padEnd(9, '0'))
  }
  return true
}

/** The nanosecond digits Loki's JSON body wants, exact for any instant. */
export function nanosecondString (seconds: number, nanos: number): string {
  if (seconds === 0) return String(nanos)
  return String(seconds) + String(nanos).padStart(9, '0')
}

/** Whether a is after b. */
export function isAfter (
  aSeconds: number, aNanos: number, bSeconds: number, bNanos: number,
): boolean {
  return aSeconds > bSeconds || (aSeconds === bSeconds && aNanos > bNanos)
}

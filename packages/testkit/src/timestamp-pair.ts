// A timestamp as two Numbers, so that the receiver can compare and store
// them without BigInt arithmetic: `seconds`, the Number nearest the int64
// seconds, and `nanos`, what is left, in nanoseconds. For any seconds
// within ±2^53 (±285 million years) that is exactly Loki's seconds and
// nanos. Beyond, `seconds` is rounded and `nanos` also carries the
// rounding error (at most 512 s, so still an exact Number): the pair is
// then still exact, unique, and ordered as the timestamps are, because
// rounding never reorders integers.

/** Nanoseconds in one second. */
export const NS_PER_SECOND = 1_000_000_000

const NS_PER_SECOND_BIG = 1_000_000_000n

/** A timestamp as a pair; see the top of this file. */
export interface TimestampPair {
  readonly seconds: number
  readonly nanos: number
}

/** The pair of int64 `seconds` and `nanos` in [0, 10^9). */
export function pairFromSeconds (
  seconds: bigint,
  nanos: number
): TimestampPair {
  const rounded = Number(seconds)
  const error = Number(seconds - BigInt(rounded))
  return { seconds: rounded, nanos: error * NS_PER_SECOND + nanos }
}

/** The pair of a timestamp in integer nanoseconds. */
export function pairFromNs (ns: bigint): TimestampPair {
  let seconds = ns / NS_PER_SECOND_BIG
  let nanos = ns % NS_PER_SECOND_BIG
  // BigInt division truncates; the pair's nanos are never negative.
  if (nanos < 0n) {
    seconds -= 1n
    nanos += NS_PER_SECOND_BIG
  }
  return pairFromSeconds(seconds, Number(nanos))
}

/** The timestamp of a pair in integer nanoseconds. */
export function pairToNs (seconds: number, nanos: number): bigint {
  return BigInt(seconds) * NS_PER_SECOND_BIG + BigInt(nanos)
}

/** The timestamp of a pair as Loki's decimal nanoseconds. */
export function formatPairNs (seconds: number, nanos: number): string {
  // Every timestamp after 1970 within the exact range: no BigInt needed.
  if (seconds > 0 && seconds <= Number.MAX_SAFE_INTEGER &&
    nanos >= 0 && nanos < NS_PER_SECOND) {
    return String(seconds) + String(nanos).padStart(9, '0')
  }
  return pairToNs(seconds, nanos).toString()
}

/** True when the pair (aSeconds, aNanos) is before (bSeconds, bNanos). */
export function isBefore (
  aSeconds: number,
  aNanos: number,
  bSeconds: number,
  bNanos: number
): boolean {
  return aSeconds < bSeconds || (aSeconds === bSeconds && aNanos < bNanos)
}

import type { TimestampInput } from '@lokits/core'

const DIGITS = /^\d+$/
// An epoch number below 1e11 is in seconds: as milliseconds it would be
// early 1973, as seconds it reaches the year 5138. Each further factor of
// 1000 moves the same window to the next unit.
const SECONDS_BELOW = 1e11
const MILLISECONDS_BELOW = 1e14
const MICROSECONDS_BELOW = 1e17

/**
 * A pino record's `time` as the client takes it, whatever pino's time
 * function wrote: epoch milliseconds (the default), epoch seconds
 * (`unixTime`), an ISO string (`isoTime`, `isoTimeNano`), or epoch digits
 * in a string to any precision down to nanoseconds. Undefined when the
 * record has no time: the client then uses the capture time. A value the
 * client cannot read is replaced by the capture time and counted in
 * `stats().fixed.timestamps`, so nothing arrives at 1970 or NaN.
 */
export function recordTime (time: unknown): TimestampInput | undefined {
  if (typeof time === 'number') return epochMilliseconds(time)
  if (typeof time !== 'string') return undefined
  return DIGITS.test(time) ? epochNanosecondDigits(time) : time
}

function epochMilliseconds (time: number): number {
  if (time < SECONDS_BELOW) return time * 1000
  if (time < MILLISECONDS_BELOW) return time
  if (time < MICROSECONDS_BELOW) return time / 1000
  return time / 1e6
}

// The client reads a string of digits as nanoseconds: pad coarser units
// rather than going through a number, so every digit is kept.
function epochNanosecondDigits (digits: string): string {
  const magnitude = digits.length
  if (magnitude <= 11) return digits + '000000000'
  if (magnitude <= 14) return digits + '000000'
  if (magnitude <= 17) return digits + '000'
  return digits
}

import type { TimestampInput } from '@lokits/core'
import type { WinstonInfo } from './winston-info.js'

// Up to 13 digits is epoch milliseconds (good until the year 2286), as a
// timestamp format returning `String(Date.now())` writes it; the core
// reads longer digit strings as nanoseconds.
const MILLISECOND_DIGITS = /^\d{1,13}$/

/**
 * The time `format.timestamp()` (or any format) put in `info.timestamp`:
 * ISO-8601 strings keep their full fraction, numbers are epoch
 * milliseconds. Undefined when there is none, so the core uses the
 * capture time; an unreadable string is left to the core, which counts
 * it as fixed and uses the capture time too.
 */
export function timestampOf (info: WinstonInfo): TimestampInput | undefined {
  const timestamp = info['timestamp']
  switch (typeof timestamp) {
    case 'string':
      return MILLISECOND_DIGITS.test(timestamp) ? Number(timestamp) : timestamp
    case 'number':
    case 'bigint':
      return timestamp
    case 'object':
      return timestamp instanceof Date ? timestamp : undefined
    default:
      return undefined
  }
}

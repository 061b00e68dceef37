import { safeJson } from '@lokits/core'
import type { WinstonInfo } from './winston-info.js'

/**
 * JSON of a record. Plain `JSON.stringify` is the fast path; a cycle, a
 * bigint or a throwing `toJSON` makes it throw, and then `safeJson` writes
 * what it can instead of losing the line.
 */
export function jsonLine (record: unknown): string {
  try {
    return JSON.stringify(record) ?? ''
  } catch {
    return safeJson(record)
  }
}

/** `info.message` as text, for `lineFormat: 'message'`. */
export function messageLine (info: WinstonInfo): string {
  const message = info['message']
  if (typeof message === 'string') return message
  return message === undefined ? '' : jsonLine(message)
}

/**
 * The fields of an info to write in a line. `logger.error(err)` passes the
 * Error itself as the info: its `message` and `stack` are not enumerable,
 * so they are copied in, or JSON would leave them out.
 */
export function lineFields (info: WinstonInfo):
  Readonly<Record<string, unknown>> {
  if (!(info instanceof Error)) return info
  return { ...info, message: info.message, stack: info.stack }
}

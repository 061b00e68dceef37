import {
  LokiOptionsError, resolveRecordOptions, type RecordOptions,
} from '@lokits/core'
import type TransportStream from 'winston-transport'
import type { LokiTransportOptions } from './options.js'

/** The options only the transport reads, defaults applied. */
export type ResolvedEntryOptions = RecordOptions

/**
 * Validates the options that shape entries; the client's own options are
 * validated by `LokiClient`.
 * @throws {LokiOptionsError} naming the option, the rule and the value.
 */
export function resolveEntryOptions (
  options: LokiTransportOptions,
): ResolvedEntryOptions {
  if (options === null || typeof options !== 'object') {
    throw new LokiOptionsError('options', 'must be an object', options)
  }
  return resolveRecordOptions(options)
}

/**
 * winston's own transport options, for the TransportStream constructor.
 * Only those: it would also take `log` and `close` functions from the
 * object it is given.
 */
export function winstonOptions (options: LokiTransportOptions):
  TransportStream.TransportStreamOptions {
  const picked: TransportStream.TransportStreamOptions = {}
  if (options === null || typeof options !== 'object') return picked
  if (options.level !== undefined) picked.level = options.level
  if (options.silent !== undefined) picked.silent = options.silent
  if (options.format !== undefined) picked.format = options.format
  if (options.handleExceptions !== undefined) {
    picked.handleExceptions = options.handleExceptions
  }
  if (options.handleRejections !== undefined) {
    picked.handleRejections = options.handleRejections
  }
  return picked
}

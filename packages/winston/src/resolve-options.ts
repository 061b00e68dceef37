import { LokiOptionsError } from '@lokits/core'
import type TransportStream from 'winston-transport'
import type { LineFormat, LokiTransportOptions } from './options.js'

/** The options only the transport reads, defaults applied. */
export interface ResolvedEntryOptions {
  readonly levelLabel: string | false
  readonly lineFormat: LineFormat | undefined
  readonly omitPromotedKeys: boolean
  readonly labelKeys: readonly string[]
  readonly metadataKeys: readonly string[]
}

const LINE_FORMATS: readonly LineFormat[] = ['json', 'message', 'logfmt']

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
  const { levelLabel = 'level', lineFormat, omitPromotedKeys = false } =
    options
  if (levelLabel !== false &&
      (typeof levelLabel !== 'string' || levelLabel === '')) {
    throw new LokiOptionsError('levelLabel',
      'must be a label name or false', levelLabel)
  }
  if (lineFormat !== undefined && !LINE_FORMATS.includes(lineFormat)) {
    throw new LokiOptionsError('lineFormat',
      "must be one of 'json', 'message', 'logfmt'", lineFormat)
  }
  if (typeof omitPromotedKeys !== 'boolean') {
    throw new LokiOptionsError('omitPromotedKeys', 'must be a boolean',
      omitPromotedKeys)
  }
  return {
    levelLabel,
    lineFormat,
    omitPromotedKeys,
    labelKeys: keyList('labelKeys', options.labelKeys),
    metadataKeys: keyList('metadataKeys', options.metadataKeys),
  }
}

function keyList (name: string, value: unknown): readonly string[] {
  if (value === undefined) return []
  if (!Array.isArray(value) ||
      !value.every((key) => typeof key === 'string' && key !== '')) {
    throw new LokiOptionsError(name, 'must be an array of field names',
      value)
  }
  return value
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

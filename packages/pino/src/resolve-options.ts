import {
  LokiOptionsError, type LokiClientOptions, type RecordFieldOptions,
} from '@lokits/core'
import type { LineFormat, PinoTransportOptions } from './options.js'

/** The pino-specific options with defaults applied, validated once. */
export interface RecordMapping extends RecordFieldOptions {
  readonly levelLabel: string | false
  readonly lineFormat: LineFormat
  readonly omitPromotedKeys: boolean
  readonly customLevels: Readonly<Record<string, number>>
}

/** What the transport hands to the core client and to its own mapping. */
export interface SplitOptions {
  readonly client: LokiClientOptions
  readonly mapping: RecordMapping
  readonly statsIntervalMs: number
}

const LINE_FORMATS: readonly LineFormat[] = ['json', 'message', 'logfmt']

/**
 * Separates the transport's own options from the client's and validates
 * them; the client validates the rest when it is built.
 * @throws {LokiOptionsError} naming the option, the rule and the value.
 */
export function splitOptions (options: PinoTransportOptions): SplitOptions {
  if (options === null || typeof options !== 'object') {
    throw new LokiOptionsError('options', 'must be an object', options)
  }
  const {
    labelKeys, metadataKeys, levelLabel, lineFormat, omitPromotedKeys,
    customLevels, statsIntervalMs, ...client
  } = options
  const mapping: RecordMapping = {
    labelKeys: keys('labelKeys', labelKeys),
    metadataKeys: keys('metadataKeys', metadataKeys),
    levelLabel: label(levelLabel),
    lineFormat: format(lineFormat),
    omitPromotedKeys: flag('omitPromotedKeys', omitPromotedKeys),
    customLevels: levels(customLevels),
  }
  return { client, mapping, statsIntervalMs: interval(statsIntervalMs) }
}

function interval (value: unknown): number {
  if (value === undefined) return 10_000
  if (typeof value !== 'number' || !Number.isSafeInteger(value) ||
      value < 0) {
    throw new LokiOptionsError('statsIntervalMs',
      'must be an integer >= 0', value)
  }
  return value
}

function keys (name: string, value: unknown): readonly string[] {
  if (value === undefined) return []
  if (!Array.isArray(value) ||
      !value.every((key) => typeof key === 'string' && key !== '')) {
    throw new LokiOptionsError(name, 'must be an array of field names',
      value)
  }
  return value
}

function label (value: unknown): string | false {
  if (value === undefined) return 'level'
  if (value !== false && (typeof value !== 'string' || value === '')) {
    throw new LokiOptionsError('levelLabel',
      'must be a label name or false', value)
  }
  return value
}

function format (value: unknown): LineFormat {
  if (value === undefined) return 'json'
  if (!LINE_FORMATS.includes(value as LineFormat)) {
    throw new LokiOptionsError('lineFormat',
      "must be one of 'json', 'message', 'logfmt'", value)
  }
  return value as LineFormat
}

function flag (name: string, value: unknown): boolean {
  if (value === undefined) return false
  if (typeof value !== 'boolean') {
    throw new LokiOptionsError(name, 'must be a boolean', value)
  }
  return value
}

function levels (value: unknown): Readonly<Record<string, number>> {
  if (value === undefined) return {}
  const valid = value !== null && typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((n) => Number.isSafeInteger(n))
  if (!valid) {
    throw new LokiOptionsError('customLevels',
      'must map level names to integers', value)
  }
  return value as Record<string, number>
}

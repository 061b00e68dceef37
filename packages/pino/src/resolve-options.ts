import {
  LokiOptionsError, resolveRecordOptions, type LokiClientOptions,
  type RecordFieldOptions,
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
  const record = resolveRecordOptions({
    labelKeys, metadataKeys, levelLabel, lineFormat, omitPromotedKeys,
  })
  const mapping: RecordMapping = {
    ...record,
    lineFormat: record.lineFormat ?? 'json',
    customLevels: levels(customLevels),
  }
  return { client, mapping, statsIntervalMs: interval(statsIntervalMs) }
}

function interval (value: unknown): number {
  if (value === undefined) return 0
  if (typeof value !== 'number' || !Number.isSafeInteger(value) ||
      value < 0) {
    throw new LokiOptionsError('statsIntervalMs',
      'must be an integer >= 0', value)
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

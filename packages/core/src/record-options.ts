import { LokiOptionsError } from './errors.js'

/** How a log record becomes the text of its Loki entry. */
export type LineFormat = 'json' | 'message' | 'logfmt'

/** The record-mapping options both adapters take, as given. */
export interface RecordOptionsInput {
  readonly labelKeys?: readonly string[] | undefined
  readonly metadataKeys?: readonly string[] | undefined
  readonly levelLabel?: string | false | undefined
  readonly lineFormat?: LineFormat | undefined
  readonly omitPromotedKeys?: boolean | undefined
}

/** The record-mapping options, validated, with defaults applied. */
export interface RecordOptions {
  readonly labelKeys: readonly string[]
  readonly metadataKeys: readonly string[]
  /** `'level'` unless set. */
  readonly levelLabel: string | false
  /** Undefined unless set: each adapter has its own default. */
  readonly lineFormat: LineFormat | undefined
  readonly omitPromotedKeys: boolean
}

const LINE_FORMATS: readonly LineFormat[] = ['json', 'message', 'logfmt']

/**
 * Validates the options that map log records to labels, metadata and
 * lines, so that both adapters accept and refuse the same values.
 * @throws {LokiOptionsError} naming the option, the rule and the value.
 */
export function resolveRecordOptions (options: RecordOptionsInput):
  RecordOptions {
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
    labelKeys: fieldNames('labelKeys', options.labelKeys),
    metadataKeys: fieldNames('metadataKeys', options.metadataKeys),
    levelLabel,
    lineFormat,
    omitPromotedKeys,
  }
}

function fieldNames (name: string, value: unknown): readonly string[] {
  if (value === undefined) return []
  if (!Array.isArray(value) ||
      !value.every((key) => typeof key === 'string' && key !== '')) {
    throw new LokiOptionsError(name, 'must be an array of field names',
      value)
  }
  return value
}

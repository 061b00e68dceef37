import { RecordFields, type LokiEntry } from '@lokits/core'
import { LevelNames, type PinoLevelLabels } from './level-names.js'
import type { ParsedLine } from './parse-line.js'
import { recordTime } from './record-time.js'
import { RecordLine } from './record-line.js'
import type { RecordMapping } from './resolve-options.js'

/** What pino tells a transport about its logger. */
export interface PinoConfig {
  readonly levels?: { readonly labels?: PinoLevelLabels }
  readonly messageKey?: string
}

/**
 * An entry with every field present. One shape for every entry keeps the
 * client's push path monomorphic; it reads an undefined field as absent.
 */
type ShapedEntry = {
  readonly [K in keyof LokiEntry]-?: LokiEntry[K] | undefined
}

// Level-only label sets are shared between records; a logger has a few
// levels, and this bound keeps odd level values from growing the cache.
const MAX_CACHED_LEVELS = 64

/**
 * Turns a line pino wrote into the client's entry: level and `labelKeys`
 * as labels, `metadataKeys` as structured metadata, `time` as timestamp,
 * and the line in the configured format.
 */
export class EntryBuilder {
  readonly #fields: RecordFields
  readonly #levels: LevelNames
  readonly #levelLabel: string | false
  readonly #hasLabelKeys: boolean
  readonly #needsRecord: boolean
  readonly #line: RecordLine
  readonly #levelLabels = new Map<string, Readonly<Record<string, string>>>()

  constructor (mapping: RecordMapping) {
    this.#fields = new RecordFields(mapping)
    this.#levels = new LevelNames(mapping.customLevels)
    this.#levelLabel = mapping.levelLabel
    this.#hasLabelKeys = (mapping.labelKeys?.length ?? 0) > 0
    const hasMetadataKeys = (mapping.metadataKeys?.length ?? 0) > 0
    // With nothing promoted there is nothing to omit: keep pino's line.
    const omitPromotedKeys = mapping.omitPromotedKeys &&
      (this.#hasLabelKeys || hasMetadataKeys)
    this.#needsRecord = this.#hasLabelKeys || hasMetadataKeys ||
      mapping.lineFormat !== 'json' || omitPromotedKeys
    this.#line = new RecordLine({
      format: mapping.lineFormat,
      omitPromotedKeys,
      fields: this.#fields,
    })
  }

  /** Takes the logger's level names and message key. */
  usePinoConfig (config: PinoConfig | undefined): void {
    const labels = config?.levels?.labels
    if (labels !== undefined && labels !== null) {
      this.#levels.usePinoLevels(labels)
      this.#levelLabels.clear()
    }
    if (typeof config?.messageKey === 'string') {
      this.#line.messageKey = config.messageKey
    }
  }

  /**
   * Whether entries need whole records, or only the level and time at the
   * start of each line (the line then ships as pino wrote it).
   */
  get needsRecord (): boolean {
    return this.#needsRecord
  }

  build (parsed: ParsedLine): LokiEntry {
    let entry: ShapedEntry
    if (parsed.isRecord) {
      const record = parsed.record
      const levelName = this.#levels.name(parsed.level)
      entry = {
        line: record === undefined
          ? parsed.text
          : this.#line.of(parsed, record, levelName),
        labels: this.#labels(record, levelName),
        timestamp: recordTime(parsed.time),
        structuredMetadata: record === undefined
          ? undefined
          : this.#fields.metadata(record),
        tenant: undefined,
      }
    } else {
      entry = {
        line: parsed.text,
        labels: undefined,
        timestamp: undefined,
        structuredMetadata: undefined,
        tenant: undefined,
      }
    }
    return entry as LokiEntry
  }

  #labels (
    record: Readonly<Record<string, unknown>> | undefined,
    levelName: string | undefined,
  ): Readonly<Record<string, unknown>> | undefined {
    const name = this.#levelLabel === false ? undefined : levelName
    if (record === undefined || !this.#hasLabelKeys) {
      return name === undefined ? undefined : this.#levelOnly(name)
    }
    const labels: Record<string, unknown> = {}
    if (name !== undefined) labels[this.#levelLabel as string] = name
    return this.#fields.labels(record, labels)
  }

  #levelOnly (name: string): Readonly<Record<string, string>> {
    let labels = this.#levelLabels.get(name)
    if (labels === undefined) {
      labels = { [this.#levelLabel as string]: name }
      if (this.#levelLabels.size < MAX_CACHED_LEVELS) {
        this.#levelLabels.set(name, labels)
      }
    }
    return labels
  }
}

import { formatLogfmt, RecordFields, type LokiEntry } from '@lokits/core'
import { timestampOf } from './info-timestamp.js'
import { LevelLabels, levelOf } from './level-label.js'
import { jsonLine, lineFields, messageLine } from './log-line.js'
import type { ResolvedEntryOptions } from './resolve-options.js'
import { MESSAGE, type WinstonInfo } from './winston-info.js'

/** A Loki entry with every field present. */
interface EntryFields {
  line: string
  labels: Readonly<Record<string, unknown>> | undefined
  timestamp: LokiEntry['timestamp'] | undefined
  structuredMetadata: Readonly<Record<string, unknown>> | undefined
}

/**
 * Turns a winston info into a Loki entry: the level and `labelKeys` as
 * labels, `metadataKeys` as structured metadata, the format's output (or
 * a line built from the info), and the info's own timestamp.
 */
export class EntryBuilder {
  readonly #options: ResolvedEntryOptions
  readonly #fields: RecordFields
  readonly #levelLabels: LevelLabels | undefined
  readonly #hasLabelKeys: boolean

  constructor (options: ResolvedEntryOptions) {
    this.#options = options
    this.#fields = new RecordFields(options)
    this.#levelLabels = options.levelLabel === false
      ? undefined
      : new LevelLabels(options.levelLabel)
    this.#hasLabelKeys = options.labelKeys.length > 0
  }

  /**
   * The entry for `info`. Never throws: an info whose fields cannot be read
   * (a throwing getter) still becomes an entry that says so, at its level.
   */
  build (info: WinstonInfo): LokiEntry {
    let entry: EntryFields
    try {
      entry = {
        line: this.#line(info),
        labels: this.#labels(info),
        timestamp: timestampOf(info),
        structuredMetadata: this.#fields.metadata(info),
      }
    } catch (error) {
      entry = {
        line: `[lokits: the info could not be read: ${describe(error)}]`,
        labels: undefined,
        timestamp: undefined,
        structuredMetadata: undefined,
      }
    }
    // Every field is present, so V8 sees one shape; the core treats an
    // undefined field as absent.
    return entry as LokiEntry
  }

  #line (info: WinstonInfo): string {
    const { lineFormat, omitPromotedKeys } = this.#options
    if (lineFormat === undefined) {
      const formatted = info[MESSAGE]
      if (typeof formatted === 'string') return formatted
    } else if (lineFormat === 'message') {
      return messageLine(info)
    }
    let fields = lineFields(info)
    if (omitPromotedKeys) fields = this.#fields.withoutPromoted(fields)
    return lineFormat === 'logfmt' ? formatLogfmt(fields) : jsonLine(fields)
  }

  #labels (info: WinstonInfo): Readonly<Record<string, unknown>> | undefined {
    if (!this.#hasLabelKeys) return this.#levelOnly(info)
    const labels = this.#fields.labels(info, {})
    const level = this.#levelLabels === undefined ? undefined : levelOf(info)
    // The level label wins over a promoted field of the same name, which
    // could hold a colourised level.
    if (level !== undefined) this.#levelLabels?.addTo(labels, level)
    return labels
  }

  #levelOnly (info: WinstonInfo):
    Readonly<Record<string, unknown>> | undefined {
    if (this.#levelLabels === undefined) return undefined
    const level = levelOf(info)
    return level === undefined ? undefined : this.#levelLabels.labels(level)
  }
}

function describe (error: unknown): string {
  return error instanceof Error ? error.message : typeof error
}

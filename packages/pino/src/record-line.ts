import { formatLogfmt, type RecordFields } from '@lokits/core'
import type { LineFormat } from './options.js'
import type { ParsedLine } from './parse-line.js'

/** Settings of {@link RecordLine}, fixed when the transport starts. */
export interface RecordLineOptions {
  readonly format: LineFormat
  readonly omitPromotedKeys: boolean
  readonly fields: RecordFields
}

/** Writes a record's line in the configured format. */
export class RecordLine {
  readonly #format: LineFormat
  readonly #omit: boolean
  readonly #fields: RecordFields
  /** pino's `messageKey`, from the logger's configuration. */
  messageKey = 'msg'

  constructor (options: RecordLineOptions) {
    this.#format = options.format
    this.#omit = options.omitPromotedKeys
    this.#fields = options.fields
  }

  /** The line of a parsed record; `levelName` replaces a numeric level. */
  of (
    parsed: ParsedLine,
    record: Readonly<Record<string, unknown>>,
    levelName: string | undefined,
  ): string {
    switch (this.#format) {
      case 'json':
        return this.#omit
          ? JSON.stringify(this.#fields.withoutPromoted(record))
          : parsed.text
      case 'message': {
        const message = record[this.messageKey]
        // A record logged without a message still carries its fields.
        return typeof message === 'string' ? message : parsed.text
      }
      case 'logfmt': {
        const copy = this.#omit
          ? this.#fields.withoutPromoted(record)
          : { ...record }
        if (levelName !== undefined && 'level' in copy) copy.level = levelName
        return formatLogfmt(copy)
      }
    }
  }
}

import { readRecordHead, type RecordHead } from './record-head.js'

/** A line pino wrote, with what the transport read from it. */
export class ParsedLine {
  /** The line as written, without its newline. */
  readonly text: string
  /**
   * The parsed record, when the entry needs more of it than its level and
   * time; undefined otherwise and for lines that are not JSON objects.
   */
  readonly record: Readonly<Record<string, unknown>> | undefined
  /** The record's `level`; undefined for a line that is not a record. */
  readonly level: unknown
  readonly time: unknown

  constructor (
    text: string,
    record: Readonly<Record<string, unknown>> | undefined,
    level: unknown,
    time: unknown,
  ) {
    this.text = text
    this.record = record
    this.level = level
    this.time = time
  }

  /** Whether the line is a pino record rather than plain text. */
  get isRecord (): boolean {
    return this.record !== undefined || this.level !== undefined
  }
}

const OPEN_BRACE = 123
const CARRIAGE_RETURN = 13

/**
 * Reads each line once, keeping its text (`json` lines ship it as pino
 * wrote it). Never throws: a line that is not a JSON object is kept as
 * plain text.
 */
export class LineParser {
  readonly #needsRecord: boolean
  // Reused for every line: reading a head allocates nothing.
  readonly #head: RecordHead = { level: undefined, time: undefined }

  /**
   * @param needsRecord whether entries need the whole record (labels,
   * metadata, another line format) or only its level and time.
   */
  constructor (needsRecord: boolean) {
    this.#needsRecord = needsRecord
  }

  parse (line: string): ParsedLine {
    // The lines are split at `\n`: pino's `crlf` option leaves a `\r`.
    const text = line.charCodeAt(line.length - 1) === CARRIAGE_RETURN
      ? line.slice(0, -1)
      : line
    if (text.charCodeAt(0) !== OPEN_BRACE) {
      return new ParsedLine(text, undefined, undefined, undefined)
    }
    const head = this.#head
    if (!this.#needsRecord && readRecordHead(text, head)) {
      return new ParsedLine(text, undefined, head.level, head.time)
    }
    let record: Record<string, unknown>
    try {
      record = JSON.parse(text) as Record<string, unknown>
    } catch {
      // Not JSON after all: the line ships as plain text, nothing is lost.
      return new ParsedLine(text, undefined, undefined, undefined)
    }
    return new ParsedLine(text, record, record['level'], record['time'])
  }
}

/** A line pino wrote, with its record when the line is a JSON object. */
export class ParsedLine {
  /** The line as written, without its newline. */
  readonly text: string
  /** The parsed record; undefined for a line that is not a JSON object. */
  readonly record: Readonly<Record<string, unknown>> | undefined

  constructor (
    text: string, record: Readonly<Record<string, unknown>> | undefined,
  ) {
    this.text = text
    this.record = record
  }
}

const OPEN_BRACE = 123

/**
 * Parses a line once, keeping its text: `json` lines ship the text as
 * pino wrote it, and the record is read for labels, metadata and time.
 * Never throws: a line that is not a JSON object is kept as plain text.
 */
export function parseLine (text: string): ParsedLine {
  let record: Record<string, unknown> | undefined
  if (text.charCodeAt(0) === OPEN_BRACE) {
    try {
      record = JSON.parse(text) as Record<string, unknown>
    } catch {
      // Not JSON after all: the line ships as plain text, nothing is lost.
    }
  }
  return new ParsedLine(text, record)
}

import type { RecordContent } from './protobuf-record.js'
import type { RecordArena } from './record-arena.js'
import { nanosecondString } from './timestamp.js'

/**
 * One entry as a JSON value `["<ns>", <line>(, {metadata})]`. Loki 2.8 and
 * older refuse a third element, so it is there only with metadata.
 */
export function jsonValue (
  seconds: number,
  nanos: number,
  line: string,
  metadata: readonly string[] | undefined,
): string {
  let value = '["' + nanosecondString(seconds, nanos) + '",' +
    JSON.stringify(line)
  if (metadata !== undefined) {
    value += ',{'
    for (let i = 0; i < metadata.length; i += 2) {
      if (i > 0) value += ','
      value += JSON.stringify(metadata[i]) + ':' +
        JSON.stringify(metadata[i + 1])
    }
    value += '}'
  }
  return value + ']'
}

/** The comma every JSON record is followed by in its slab. */
export const JSON_RECORD_SEPARATOR = 0x2c

/**
 * Writes an entry's JSON value `["<ns>", <line>(, {metadata})]` at the
 * arena's offset and a comma after it, so that the records of entries
 * queued one after another are copied into a body in one piece, commas
 * included. Returns the value's size, without the comma; the caller
 * commits it and the comma.
 */
export function writeJsonRecord (
  arena: RecordArena, seconds: number, nanos: number,
  line: string, metadata: readonly string[] | undefined,
): number {
  const value = jsonValue(seconds, nanos, line, metadata)
  // Three UTF-8 bytes at most per UTF-16 unit, and the comma.
  const slab = arena.reserve(value.length * 3 + 1)
  const start = arena.offset
  const size = slab.write(value, start, 'utf8')
  slab[start + size] = JSON_RECORD_SEPARATOR
  return size
}

/** The line and metadata of a record {@link writeJsonRecord} wrote. */
export function readJsonRecord (slab: Buffer, start: number, size: number):
  RecordContent {
  const value = JSON.parse(slab.toString('utf8', start, start + size)) as
    [string, string, Record<string, string>?]
  const fields = value[2]
  return {
    line: value[1],
    metadata: fields === undefined ? undefined : Object.entries(fields).flat(),
  }
}

import { fieldSize, varintSize } from './protobuf-size.js'
import type { RecordArena } from './record-arena.js'

// Field tags: (field number << 3) | wire type 2 (length-delimited), or 0
// (varint) for the timestamp's two numbers.
const ENTRY = 18 // StreamAdapter.entries = 2
const TIMESTAMP = 10 // EntryAdapter.timestamp = 1
const LINE = 18 // EntryAdapter.line = 2
const METADATA = 26 // EntryAdapter.structuredMetadata = 3
const NAME = 10 // LabelPair.name = 1
const VALUE = 18 // LabelPair.value = 2
const SECONDS = 8 // Timestamp.seconds = 1
const NANOS = 16 // Timestamp.nanos = 2

// Most bytes in front of the line: three tags, three lengths of five
// bytes at most, and a timestamp of two tagged 8-byte varints.
const MAX_HEAD_BYTES = 3 + 3 * 5 + 18
// Longer lines are measured to reserve their exact room, rather than
// three bytes for each UTF-16 unit.
const MEASURED_LINE_CHARS = 4096

/** An entry's line and structured metadata, read back from its record. */
export interface RecordContent {
  readonly line: string
  readonly metadata: readonly string[] | undefined
}

/**
 * Writes one `EntryAdapter` as the field a `StreamAdapter` holds it in
 * (tag, length, message) at the arena's offset, and returns its size; the
 * caller commits it. The line is written once, straight from the string:
 * its UTF-8 length is taken to be its UTF-16 length, exact for ASCII, and
 * the line moved when it was not.
 */
export function writeProtobufRecord (
  arena: RecordArena, seconds: number, nanos: number,
  line: string, metadata: readonly string[] | undefined,
): number {
  const timestamp = timestampSize(seconds, nanos)
  // The timestamp field, its tag and length included.
  const stamp = fieldSize(timestamp)
  const extra = metadata === undefined ? 0 : metadataSize(metadata)
  const lineRoom = line.length > MEASURED_LINE_CHARS
    ? Buffer.byteLength(line)
    : line.length * 3
  const slab = arena.reserve(MAX_HEAD_BYTES + lineRoom + extra)
  const start = arena.offset
  let lineBytes = line.length
  let message = stamp + fieldSize(lineBytes) + extra
  let head = headSize(message, stamp, lineBytes)
  const written = slab.write(line, start + head, 'utf8')
  if (written !== lineBytes) {
    lineBytes = written
    message = stamp + fieldSize(lineBytes) + extra
    const exact = headSize(message, stamp, lineBytes)
    if (exact !== head) {
      slab.copyWithin(start + exact, start + head, start + head + lineBytes)
      head = exact
    }
  }

  let at = start
  slab[at++] = ENTRY
  at = writeVarint(slab, at, message)
  slab[at++] = TIMESTAMP
  at = writeVarint(slab, at, timestamp)
  if (seconds !== 0) {
    slab[at++] = SECONDS
    at = writeVarint(slab, at, seconds)
  }
  if (nanos !== 0) {
    slab[at++] = NANOS
    at = writeVarint(slab, at, nanos)
  }
  slab[at++] = LINE
  writeVarint(slab, at, lineBytes)

  at = start + head + lineBytes
  if (metadata !== undefined) at = writeMetadata(slab, at, metadata)
  return at - start
}

/** The line and metadata of a record {@link writeProtobufRecord} wrote. */
export function readProtobufRecord (
  slab: Buffer, start: number, size: number,
): RecordContent {
  const reader = new RecordReader(slab, start)
  reader.skipTag()
  reader.varint() // the entry's length
  reader.skipTag()
  reader.skip(reader.varint()) // the timestamp
  reader.skipTag()
  const line = reader.string()
  let metadata: string[] | undefined
  while (reader.at < start + size) {
    reader.skipTag()
    reader.varint() // the pair's length
    reader.skipTag()
    const name = reader.string()
    reader.skipTag()
    ;(metadata ??= []).push(name, reader.string())
  }
  return { line, metadata }
}

function timestampSize (seconds: number, nanos: number): number {
  return (seconds === 0 ? 0 : 1 + varintSize(seconds)) +
    (nanos === 0 ? 0 : 1 + varintSize(nanos))
}

/**
 * Bytes in front of the line: the entry's tag and length, its timestamp
 * field, and the line's tag and length.
 */
function headSize (message: number, stamp: number, lineBytes: number):
  number {
  return 1 + varintSize(message) + stamp + 1 + varintSize(lineBytes)
}

/** Bytes of the `structuredMetadata` fields of `[name, value, ...]`. */
function metadataSize (metadata: readonly string[]): number {
  let size = 0
  for (let i = 0; i < metadata.length; i += 2) {
    size += fieldSize(pairSize(metadata[i] as string, metadata[i + 1] as
      string))
  }
  return size
}

function pairSize (name: string, value: string): number {
  return fieldSize(Buffer.byteLength(name)) +
    fieldSize(Buffer.byteLength(value))
}

function writeMetadata (
  slab: Buffer, at: number, metadata: readonly string[],
): number {
  for (let i = 0; i < metadata.length; i += 2) {
    const name = metadata[i] as string
    const value = metadata[i + 1] as string
    slab[at++] = METADATA
    at = writeVarint(slab, at, pairSize(name, value))
    at = writeString(slab, at, NAME, name)
    at = writeString(slab, at, VALUE, value)
  }
  return at
}

function writeString (slab: Buffer, at: number, tag: number, text: string):
  number {
  slab[at++] = tag
  const bytes = Buffer.byteLength(text)
  at = writeVarint(slab, at, bytes)
  return at + slab.write(text, at, bytes, 'utf8')
}

/** Writes a non-negative integer as a varint; returns the next position. */
export function writeVarint (slab: Uint8Array, at: number, value: number):
  number {
  // Below 2^32 (sizes, seconds until 2106, nanoseconds) with integer
  // shifts; beyond, with division, which stays exact up to 2^53.
  if (value <= 0xffffffff) {
    while (value >= 0x80) {
      slab[at++] = (value & 0x7f) | 0x80
      value >>>= 7
    }
  } else {
    while (value >= 0x80) {
      slab[at++] = (value % 0x80) | 0x80
      value = Math.floor(value / 0x80)
    }
  }
  slab[at++] = value
  return at
}

/** Reads the fields of a record this module wrote, trusting its shape. */
class RecordReader {
  constructor (readonly slab: Buffer, public at: number) {}

  skipTag (): void {
    this.at++
  }

  skip (bytes: number): void {
    this.at += bytes
  }

  varint (): number {
    let value = 0
    let scale = 1
    for (;;) {
      const byte = this.slab[this.at++] as number
      value += (byte & 0x7f) * scale
      if (byte < 0x80) return value
      scale *= 0x80
    }
  }

  string (): string {
    const bytes = this.varint()
    const text = this.slab.toString('utf8', this.at, this.at + bytes)
    this.at += bytes
    return text
  }
}

// Decodes Loki's protobuf PushRequest (after snappy) by field number:
//   PushRequest   { repeated StreamAdapter streams = 1 }
//   StreamAdapter { string labels = 1; repeated EntryAdapter entries = 2 }
//   EntryAdapter  { Timestamp timestamp = 1; string line = 2;
//                   repeated LabelPair structuredMetadata = 3 }
//   LabelPair     { string name = 1; string value = 2 }
//   Timestamp     { int64 seconds = 1; int32 nanos = 2 }
// Entries become rows that point into the decoded body: no string or
// object is made per entry.
import { EntryRows } from './entry-rows.js'
import { LabelCache } from './label-cache.js'
import { invalidLabels } from './label-set.js'
import type { LokiVersion } from './limits.js'
import {
  ProtobufError,
  ProtobufReader,
  WIRE_LENGTH_DELIMITED,
  WIRE_VARINT,
} from './protobuf-reader.js'
import {
  PushRejection,
  type DecodedPush,
  type DecodedStream,
  type PlainPush,
} from './push-request.js'
import { NS_PER_SECOND, pairFromSeconds } from './timestamp-pair.js'

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })
const lenientUtf8 = new TextDecoder('utf-8')
const TWO_TO_31 = 2 ** 31
const TWO_TO_32 = 2 ** 32

/**
 * Decodes an uncompressed protobuf push into rows over `bytes`. Throws a
 * 400 `PushRejection` on malformed bytes or labels. Loki 2 skips
 * structured metadata (field 3), as a server that predates the field does.
 *
 * @param labelCache - label strings already read, for this `version`
 */
export function readProtobufPush (
  bytes: Buffer,
  version: LokiVersion,
  labelCache = new LabelCache()
): DecodedPush {
  try {
    const rows = new EntryRows([bytes])
    const streams: DecodedStream[] = []
    const reader = new ProtobufReader(bytes)
    const time: Time = { seconds: 0, nanos: 0 }
    while (reader.nextField()) {
      if (reader.field !== 1) {
        reader.skip()
        continue
      }
      reader.expectWireType(WIRE_LENGTH_DELIMITED)
      const outerEnd = reader.enter()
      streams.push(readStream(reader, bytes, rows, version, labelCache, time))
      reader.leave(outerEnd)
    }
    return { streams, rows }
  } catch (error) {
    if (error instanceof ProtobufError) {
      throw new PushRejection(400, error.message)
    }
    throw error
  }
}

/**
 * Decodes an uncompressed protobuf push into plain objects, for tests that
 * check an encoder against this decoder; the receiver reads rows.
 */
export function decodeProtobufPush (
  bytes: Uint8Array,
  version: LokiVersion,
  labelCache = new LabelCache()
): PlainPush {
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const { streams, rows } = readProtobufPush(buffer, version, labelCache)
  return {
    streams: streams.map(({ labels, stream, firstRow, endRow }) => ({
      labels,
      stream,
      entries: Array.from({ length: endRow - firstRow }, (_, i) => ({
        timestampNs: rows.timestampNs(firstRow + i),
        line: rows.line(firstRow + i),
        lineBytes: rows.lineLength[firstRow + i] as number,
        structuredMetadata: rows.metadata(firstRow + i),
      })),
    })),
  }
}

function readStream (
  reader: ProtobufReader,
  bytes: Buffer,
  rows: EntryRows,
  version: LokiVersion,
  labelCache: LabelCache,
  time: Time
): DecodedStream {
  let source = ''
  const firstRow = rows.length
  while (reader.nextField()) {
    if (reader.field === 1) {
      reader.expectWireType(WIRE_LENGTH_DELIMITED)
      const length = reader.length()
      const start = reader.bytesAt(length)
      source = readLabelString(bytes.subarray(start, start + length))
    } else if (reader.field === 2) {
      reader.expectWireType(WIRE_LENGTH_DELIMITED)
      const outerEnd = reader.enter()
      readEntry(reader, rows, version, time)
      reader.leave(outerEnd)
    } else {
      reader.skip()
    }
  }

  const { labels, stream } = labelCache.labels(source, version)
  return { labels, stream, firstRow, endRow: rows.length }
}

function readLabelString (bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes)
  } catch {
    throw invalidLabels(lenientUtf8.decode(bytes), 'not valid UTF-8')
  }
}

/**
 * Reads one entry (the reader narrowed to it) into a row. `time` is the
 * push's scratch space for a timestamp, so that none is made per entry.
 */
function readEntry (
  reader: ProtobufReader,
  rows: EntryRows,
  version: LokiVersion,
  time: Time
): void {
  // An absent timestamp is the zero time, which Loki refuses as too old.
  // A field sent again replaces what came before.
  time.seconds = 0
  time.nanos = 0
  let lineStart = 0
  let lineLength = 0
  const pairStart = rows.pairLength
  while (reader.nextField()) {
    if (reader.field === 1) {
      reader.expectWireType(WIRE_LENGTH_DELIMITED)
      const outerEnd = reader.enter()
      readTimestamp(reader, time)
      reader.leave(outerEnd)
    } else if (reader.field === 2) {
      reader.expectWireType(WIRE_LENGTH_DELIMITED)
      // Go keeps invalid UTF-8 in lines as it is; a reader of the row gets
      // it replaced, which is the nearest a JavaScript string can come.
      lineLength = reader.length()
      lineStart = reader.bytesAt(lineLength)
    } else if (reader.field === 3 && version === 3) {
      reader.expectWireType(WIRE_LENGTH_DELIMITED)
      const outerEnd = reader.enter()
      readLabelPair(reader, rows)
      reader.leave(outerEnd)
    } else {
      reader.skip()
    }
  }
  rows.add(time.seconds, time.nanos, lineStart, lineLength, pairStart, 0)
}

/** A timestamp pair being read. */
interface Time {
  seconds: number
  nanos: number
}

function readTimestamp (reader: ProtobufReader, time: Time): void {
  let seconds = 0
  let wideSeconds: bigint | undefined
  let nanos = 0
  while (reader.nextField()) {
    if (reader.field === 1) {
      reader.expectWireType(WIRE_VARINT)
      // Seconds of the next 17 million years fit 49 bits; earlier ones
      // (negative) and later ones take the 64-bit path.
      seconds = reader.shortVarint()
      wideSeconds = seconds < 0
        ? BigInt.asIntN(64, reader.varint())
        : undefined
    } else if (reader.field === 2) {
      reader.expectWireType(WIRE_VARINT)
      nanos = readInt32(reader)
    } else {
      reader.skip()
    }
  }

  // Go's timestamp conversion refuses nanos outside one second.
  if (nanos < 0 || nanos >= NS_PER_SECOND) {
    throw new ProtobufError(`timestamp nanos out of range: ${nanos}`)
  }
  if (wideSeconds === undefined) {
    time.seconds = seconds
    time.nanos = nanos
  } else {
    const pair = pairFromSeconds(wideSeconds, nanos)
    time.seconds = pair.seconds
    time.nanos = pair.nanos
  }
}

/** An int32 field: the low 32 bits of the varint, signed. */
function readInt32 (reader: ProtobufReader): number {
  const short = reader.shortVarint()
  if (short < 0) return Number(BigInt.asIntN(32, reader.varint()))
  const low = short % TWO_TO_32
  return low >= TWO_TO_31 ? low - TWO_TO_32 : low
}

/** Reads one pair (the reader narrowed to it) as two byte ranges. */
function readLabelPair (reader: ProtobufReader, rows: EntryRows): void {
  let nameStart = 0
  let nameLength = 0
  let valueStart = 0
  let valueLength = 0
  while (reader.nextField()) {
    if (reader.field === 1) {
      reader.expectWireType(WIRE_LENGTH_DELIMITED)
      nameLength = reader.length()
      nameStart = reader.bytesAt(nameLength)
    } else if (reader.field === 2) {
      reader.expectWireType(WIRE_LENGTH_DELIMITED)
      valueLength = reader.length()
      valueStart = reader.bytesAt(valueLength)
    } else {
      reader.skip()
    }
  }
  rows.addPair(nameStart, nameLength, valueStart, valueLength)
}

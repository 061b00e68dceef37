// Decodes Loki's protobuf PushRequest (after snappy) by field number:
//   PushRequest   { repeated StreamAdapter streams = 1 }
//   StreamAdapter { string labels = 1; repeated EntryAdapter entries = 2 }
//   EntryAdapter  { Timestamp timestamp = 1; string line = 2;
//                   repeated LabelPair structuredMetadata = 3 }
//   LabelPair     { string name = 1; string value = 2 }
//   Timestamp     { int64 seconds = 1; int32 nanos = 2 }
import { LabelParseError, parseLabelString } from './label-parser.js'
import { invalidLabels, normalizeLabels } from './label-set.js'
import type { LokiVersion } from './limits.js'
import {
  ProtobufError,
  ProtobufReader,
  WIRE_LENGTH_DELIMITED,
  WIRE_VARINT,
  expectWireType,
} from './protobuf-reader.js'
import {
  PushRejection,
  type DecodedEntry,
  type DecodedPush,
  type DecodedStream,
  type LabelPair,
} from './push-request.js'

const NS_PER_SECOND = 1_000_000_000n
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })
// Go keeps invalid UTF-8 in lines as it is; replacing it is the nearest
// a JavaScript string can come.
const lenientUtf8 = new TextDecoder('utf-8')

/**
 * Decodes an uncompressed protobuf push. Throws a 400 `PushRejection` on
 * malformed bytes or labels. Loki 2 skips structured metadata (field 3),
 * as a server that predates the field does.
 */
export function decodeProtobufPush (
  bytes: Uint8Array,
  version: LokiVersion
): DecodedPush {
  try {
    const streams: DecodedStream[] = []
    const reader = new ProtobufReader(bytes)
    while (reader.hasMore()) {
      const key = reader.key()
      if (key.field !== 1) {
        reader.skip(key.wireType)
        continue
      }
      expectWireType(key, WIRE_LENGTH_DELIMITED)
      streams.push(readStream(reader.lengthDelimited(), version))
    }
    return { streams }
  } catch (error) {
    if (error instanceof ProtobufError) {
      throw new PushRejection(400, error.message)
    }
    throw error
  }
}

function readStream (bytes: Uint8Array, version: LokiVersion): DecodedStream {
  let source = ''
  const entries: DecodedEntry[] = []
  const reader = new ProtobufReader(bytes)
  while (reader.hasMore()) {
    const key = reader.key()
    if (key.field === 1) {
      expectWireType(key, WIRE_LENGTH_DELIMITED)
      source = readLabelString(reader.lengthDelimited())
    } else if (key.field === 2) {
      expectWireType(key, WIRE_LENGTH_DELIMITED)
      entries.push(readEntry(reader.lengthDelimited(), version))
    } else {
      reader.skip(key.wireType)
    }
  }

  let pairs: LabelPair[]
  try {
    pairs = parseLabelString(source)
  } catch (error) {
    if (error instanceof LabelParseError) {
      throw invalidLabels(source, error.message)
    }
    throw error
  }
  return { labels: normalizeLabels(pairs, version, source), entries }
}

function readLabelString (bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes)
  } catch {
    throw invalidLabels(lenientUtf8.decode(bytes), 'not valid UTF-8')
  }
}

function readEntry (bytes: Uint8Array, version: LokiVersion): DecodedEntry {
  // An absent timestamp is the zero time, which Loki refuses as too old.
  let timestampNs = 0n
  let line = ''
  let lineBytes = 0
  const structuredMetadata: LabelPair[] = []
  const reader = new ProtobufReader(bytes)
  while (reader.hasMore()) {
    const key = reader.key()
    if (key.field === 1) {
      expectWireType(key, WIRE_LENGTH_DELIMITED)
      timestampNs = readTimestamp(reader.lengthDelimited())
    } else if (key.field === 2) {
      expectWireType(key, WIRE_LENGTH_DELIMITED)
      const raw = reader.lengthDelimited()
      line = lenientUtf8.decode(raw)
      lineBytes = raw.length
    } else if (key.field === 3 && version === 3) {
      expectWireType(key, WIRE_LENGTH_DELIMITED)
      structuredMetadata.push(readLabelPair(reader.lengthDelimited()))
    } else {
      reader.skip(key.wireType)
    }
  }
  return { timestampNs, line, lineBytes, structuredMetadata }
}

function readTimestamp (bytes: Uint8Array): bigint {
  let seconds = 0n
  let nanos = 0n
  const reader = new ProtobufReader(bytes)
  while (reader.hasMore()) {
    const key = reader.key()
    if (key.field === 1) {
      expectWireType(key, WIRE_VARINT)
      seconds = BigInt.asIntN(64, reader.varint())
    } else if (key.field === 2) {
      expectWireType(key, WIRE_VARINT)
      nanos = BigInt.asIntN(32, reader.varint())
    } else {
      reader.skip(key.wireType)
    }
  }

  // Go's timestamp conversion refuses nanos outside one second.
  if (nanos < 0n || nanos >= NS_PER_SECOND) {
    throw new ProtobufError(`timestamp nanos out of range: ${nanos}`)
  }
  return seconds * NS_PER_SECOND + nanos
}

function readLabelPair (bytes: Uint8Array): LabelPair {
  let name = ''
  let value = ''
  const reader = new ProtobufReader(bytes)
  while (reader.hasMore()) {
    const key = reader.key()
    if (key.field === 1 || key.field === 2) {
      expectWireType(key, WIRE_LENGTH_DELIMITED)
      const text = lenientUtf8.decode(reader.lengthDelimited())
      if (key.field === 1) name = text
      else value = text
    } else {
      reader.skip(key.wireType)
    }
  }
  return { name, value }
}

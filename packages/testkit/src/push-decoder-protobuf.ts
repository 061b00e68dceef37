// Decodes Loki's protobuf PushRequest (after snappy) by field number:
//   PushRequest   { repeated StreamAdapter streams = 1 }
//   StreamAdapter { string labels = 1; repeated EntryAdapter entries = 2 }
//   EntryAdapter  { Timestamp timestamp = 1; string line = 2;
//                   repeated LabelPair structuredMetadata = 3 }
//   LabelPair     { string name = 1; string value = 2 }
//   Timestamp     { int64 seconds = 1; int32 nanos = 2 }
import { LabelCache, type StreamLabels } from './label-cache.js'
import { LabelParseError, parseLabelString } from './label-parser.js'
import { formatLabels, invalidLabels, normalizeLabels } from './label-set.js'
import type { LokiVersion } from './limits.js'
import {
  ProtobufError,
  ProtobufReader,
  WIRE_LENGTH_DELIMITED,
  WIRE_VARINT,
} from './protobuf-reader.js'
import {
  NO_PAIRS,
  PushRejection,
  type DecodedEntry,
  type DecodedPush,
  type DecodedStream,
  type LabelPair,
} from './push-request.js'

const NS_PER_SECOND = 1_000_000_000n
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })
const lenientUtf8 = new TextDecoder('utf-8')

/**
 * Decodes an uncompressed protobuf push. Throws a 400 `PushRejection` on
 * malformed bytes or labels. Loki 2 skips structured metadata (field 3),
 * as a server that predates the field does.
 *
 * @param labelCache - label strings already read, for this `version`
 */
export function decodeProtobufPush (
  bytes: Uint8Array,
  version: LokiVersion,
  labelCache = new LabelCache()
): DecodedPush {
  try {
    const streams: DecodedStream[] = []
    const reader = new ProtobufReader(bytes)
    while (reader.nextField()) {
      if (reader.field !== 1) {
        reader.skip()
        continue
      }
      reader.expectWireType(WIRE_LENGTH_DELIMITED)
      streams.push(readStream(reader.message(), version, labelCache))
    }
    return { streams }
  } catch (error) {
    if (error instanceof ProtobufError) {
      throw new PushRejection(400, error.message)
    }
    throw error
  }
}

function readStream (
  reader: ProtobufReader,
  version: LokiVersion,
  labelCache: LabelCache
): DecodedStream {
  let source = ''
  const entries: DecodedEntry[] = []
  while (reader.nextField()) {
    if (reader.field === 1) {
      reader.expectWireType(WIRE_LENGTH_DELIMITED)
      source = readLabelString(reader.view(reader.length()))
    } else if (reader.field === 2) {
      reader.expectWireType(WIRE_LENGTH_DELIMITED)
      entries.push(readEntry(reader.message(), version))
    } else {
      reader.skip()
    }
  }

  const { labels, stream } = labelCache.labels(source,
    (text) => readLabels(text, version))
  return { labels, stream, entries }
}

function readLabelString (bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes)
  } catch {
    throw invalidLabels(lenientUtf8.decode(bytes), 'not valid UTF-8')
  }
}

function readLabels (source: string, version: LokiVersion): StreamLabels {
  let pairs: LabelPair[]
  try {
    pairs = parseLabelString(source)
  } catch (error) {
    if (error instanceof LabelParseError) {
      throw invalidLabels(source, error.message)
    }
    throw error
  }
  const labels = normalizeLabels(pairs, version, source)
  return { labels, stream: formatLabels(labels) }
}

function readEntry (reader: ProtobufReader, version: LokiVersion): DecodedEntry {
  // An absent timestamp is the zero time, which Loki refuses as too old.
  let timestampNs = 0n
  let line = ''
  let lineBytes = 0
  let structuredMetadata: LabelPair[] | undefined
  while (reader.nextField()) {
    if (reader.field === 1) {
      reader.expectWireType(WIRE_LENGTH_DELIMITED)
      timestampNs = readTimestamp(reader.message())
    } else if (reader.field === 2) {
      reader.expectWireType(WIRE_LENGTH_DELIMITED)
      // Go keeps invalid UTF-8 in lines as it is; replacing it is the
      // nearest a JavaScript string can come.
      lineBytes = reader.length()
      line = reader.text(lineBytes)
    } else if (reader.field === 3 && version === 3) {
      reader.expectWireType(WIRE_LENGTH_DELIMITED)
      structuredMetadata ??= []
      structuredMetadata.push(readLabelPair(reader.message()))
    } else {
      reader.skip()
    }
  }
  return {
    timestampNs,
    line,
    lineBytes,
    structuredMetadata: structuredMetadata ?? NO_PAIRS,
  }
}

function readTimestamp (reader: ProtobufReader): bigint {
  let seconds = 0n
  let nanos = 0n
  while (reader.nextField()) {
    if (reader.field === 1) {
      reader.expectWireType(WIRE_VARINT)
      seconds = BigInt.asIntN(64, reader.varint())
    } else if (reader.field === 2) {
      reader.expectWireType(WIRE_VARINT)
      nanos = BigInt.asIntN(32, reader.varint())
    } else {
      reader.skip()
    }
  }

  // Go's timestamp conversion refuses nanos outside one second.
  if (nanos < 0n || nanos >= NS_PER_SECOND) {
    throw new ProtobufError(`timestamp nanos out of range: ${nanos}`)
  }
  return seconds * NS_PER_SECOND + nanos
}

function readLabelPair (reader: ProtobufReader): LabelPair {
  let name = ''
  let value = ''
  while (reader.nextField()) {
    if (reader.field === 1 || reader.field === 2) {
      reader.expectWireType(WIRE_LENGTH_DELIMITED)
      const text = reader.text(reader.length())
      if (reader.field === 1) name = text
      else value = text
    } else {
      reader.skip()
    }
  }
  return { name, value }
}

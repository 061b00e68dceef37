import protobuf from 'protobufjs/minimal.js'
import snappy from 'snappyjs'
import type { QueuedEntry } from './queued-entry.js'
import type { StreamLabels } from './stream-labels.js'

/** Entries grouped by stream, in the order each stream was first seen. */
export type StreamGroups = ReadonlyMap<StreamLabels, readonly QueuedEntry[]>

// Field tags of Loki's logproto.PushRequest: (field number << 3) | wire type.
const STREAMS = 10 // PushRequest.streams = 1, length-delimited
const LABELS = 10 // StreamAdapter.labels = 1
const ENTRIES = 18 // StreamAdapter.entries = 2
const TIMESTAMP = 10 // EntryAdapter.timestamp = 1
const LINE = 18 // EntryAdapter.line = 2
const METADATA = 26 // EntryAdapter.structuredMetadata = 3
const NAME = 10 // LabelPair.name = 1
const VALUE = 18 // LabelPair.value = 2
const SECONDS = 8 // Timestamp.seconds = 1, varint
const NANOS = 16 // Timestamp.nanos = 2, varint

/** Encodes a `logproto.PushRequest` without compression. */
export function encodePushRequest (streams: StreamGroups): Uint8Array {
  const writer = protobuf.Writer.create()
  for (const [labels, entries] of streams) {
    writer.uint32(STREAMS).fork()
    writer.uint32(LABELS).string(labels.key)
    for (const entry of entries) {
      writer.uint32(ENTRIES).fork()
      writer.uint32(TIMESTAMP).fork()
      if (entry.seconds !== 0) writer.uint32(SECONDS).int64(entry.seconds)
      if (entry.nanos !== 0) writer.uint32(NANOS).int32(entry.nanos)
      writer.ldelim()
      writer.uint32(LINE).string(entry.line)
      const metadata = entry.metadata
      if (metadata !== undefined) {
        for (let i = 0; i < metadata.length; i += 2) {
          writer.uint32(METADATA).fork()
            .uint32(NAME).string(metadata[i] as string)
            .uint32(VALUE).string(metadata[i + 1] as string)
            .ldelim()
        }
      }
      writer.ldelim()
    }
    writer.ldelim()
  }
  return writer.finish()
}

/**
 * The protobuf push body: snappy in the block format, the only one Loki
 * reads (the framed format is refused with `snappy: corrupt input`).
 */
export function encodeProtobufBody (streams: StreamGroups): Uint8Array {
  return snappy.compress(encodePushRequest(streams))
}

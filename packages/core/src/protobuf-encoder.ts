import { setImmediate as nextTurn } from 'node:timers/promises'
import type { QueuedEntry } from './queued-entry.js'
import type { StreamLabels } from './stream-labels.js'
import { fieldSize, varintSize } from './protobuf-size.js'

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

// Entries written between two turns of the event loop: a few hundred
// microseconds of work, so a large batch never holds the loop for long.
const ENTRIES_PER_TURN = 2048

/**
 * Encodes a `logproto.PushRequest` without compression. Every entry's
 * encoded size was measured when it was pushed, so the body is written
 * once into a buffer of its exact size: no intermediate objects, no
 * second pass over the strings. A large batch is written over several
 * turns of the event loop.
 */
export async function encodePushRequest (streams: StreamGroups):
  Promise<Uint8Array> {
  let total = 0
  const streamSizes: number[] = []
  const keyBytes: number[] = []
  for (const [labels, entries] of streams) {
    const bytes = Buffer.byteLength(labels.key)
    let size = fieldSize(bytes)
    for (const entry of entries) size += entry.size
    keyBytes.push(bytes)
    streamSizes.push(size)
    total += fieldSize(size)
  }
  const writer = new BufferWriter(total)
  let i = 0
  let written = 0
  for (const [labels, entries] of streams) {
    writer.tag(STREAMS, streamSizes[i] as number)
    writer.string(LABELS, labels.key, keyBytes[i++] as number)
    for (const entry of entries) {
      writeEntry(writer, entry)
      if (++written % ENTRIES_PER_TURN === 0) await nextTurn()
    }
  }
  return writer.buffer
}

function writeEntry (writer: BufferWriter, entry: QueuedEntry): void {
  const { seconds, nanos, metadata } = entry
  const timestamp = (seconds === 0 ? 0 : 1 + varintSize(seconds)) +
    (nanos === 0 ? 0 : 1 + varintSize(nanos))
  // entry.size is the whole field: tag, length, then the message.
  const body = entry.size - 1 - lengthPrefixSize(entry.size - 1)
  writer.tag(ENTRIES, body)
  writer.tag(TIMESTAMP, timestamp)
  if (seconds !== 0) writer.varintField(SECONDS, seconds)
  if (nanos !== 0) writer.varintField(NANOS, nanos)
  writer.string(LINE, entry.line, entry.lineBytes)
  if (metadata === undefined) return
  for (let i = 0; i < metadata.length; i += 2) {
    const name = metadata[i] as string
    const value = metadata[i + 1] as string
    const nameBytes = Buffer.byteLength(name)
    const valueBytes = Buffer.byteLength(value)
    writer.tag(METADATA, fieldSize(nameBytes) + fieldSize(valueBytes))
    writer.string(NAME, name, nameBytes)
    writer.string(VALUE, value, valueBytes)
  }
}

// The size of the length varint in front of a message, given what the
// varint and the message take together.
function lengthPrefixSize (prefixAndBody: number): number {
  let prefix = 1
  while (varintSize(prefixAndBody - prefix) !== prefix) prefix++
  return prefix
}

/** Writes protobuf fields into a buffer of a size known in advance. */
class BufferWriter {
  readonly buffer: Buffer
  #at = 0

  constructor (size: number) {
    this.buffer = Buffer.allocUnsafe(size)
  }

  /** A length-delimited field's tag and length; its bytes follow. */
  tag (tag: number, length: number): void {
    this.buffer[this.#at++] = tag
    this.#varint(length)
  }

  varintField (tag: number, value: number): void {
    this.buffer[this.#at++] = tag
    this.#varint(value)
  }

  string (tag: number, value: string, bytes: number): void {
    this.tag(tag, bytes)
    // A string as long in UTF-8 as in UTF-16 units is ASCII, whose bytes
    // latin1 writes the same, at twice UTF-8's speed.
    const encoding = bytes === value.length ? 'latin1' : 'utf8'
    this.#at += this.buffer.write(value, this.#at, bytes, encoding)
  }

  #varint (value: number): void {
    const { buffer } = this
    while (value >= 0x80) {
      buffer[this.#at++] = (value % 0x80) | 0x80
      value = Math.floor(value / 0x80)
    }
    buffer[this.#at++] = value
  }
}

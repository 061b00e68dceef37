import { copyRecords } from './copy-records.js'
import { fieldSize } from './protobuf-size.js'
import { writeVarint } from './protobuf-record.js'
import type { QueuedEntry } from './queued-entry.js'
import type { ScratchBuffer } from './scratch-buffer.js'
import type { StreamLabels } from './stream-labels.js'

/** Entries grouped by stream, in the order each stream was first seen. */
export type StreamGroups = ReadonlyMap<StreamLabels, readonly QueuedEntry[]>

// Field tags of Loki's logproto.PushRequest: (field number << 3) | wire type.
const STREAMS = 10 // PushRequest.streams = 1, length-delimited
const LABELS = 10 // StreamAdapter.labels = 1

/**
 * Encodes a `logproto.PushRequest` without compression. Each entry's
 * `EntryAdapter` field was written when it was pushed (its record), so
 * the body is a buffer of the exact size into which each stream's label
 * string and its entries' records are copied, a run of records that lie
 * one after another in a slab at a time. With a `scratch`, the body is
 * written in memory taken from it, for the caller to give back.
 *
 * It loops over streams only; what loops over entries is in functions of
 * their own, small to optimize. Called once a batch, it is never hot
 * itself, so its own code is not compiled again and again as each of its
 * paths runs for the first time.
 */
export function encodePushRequest (
  streams: StreamGroups, scratch?: ScratchBuffer,
): Buffer {
  let total = 0
  const streamSizes: number[] = []
  const keyBytes: number[] = []
  for (const [labels, entries] of streams) {
    const bytes = Buffer.byteLength(labels.key)
    const size = fieldSize(bytes) + recordBytes(entries)
    keyBytes.push(bytes)
    streamSizes.push(size)
    total += fieldSize(size)
  }

  const body = scratch?.take(total) ?? Buffer.allocUnsafe(total)
  let at = 0
  let i = 0
  for (const [labels, entries] of streams) {
    body[at++] = STREAMS
    at = writeVarint(body, at, streamSizes[i] as number)
    const bytes = keyBytes[i++] as number
    body[at++] = LABELS
    at = writeVarint(body, at, bytes)
    at += body.write(labels.key, at, bytes, 'utf8')
    at = copyRecords(entries, body, at)
  }
  return body
}

/** Bytes of the records of `entries`. */
function recordBytes (entries: readonly QueuedEntry[]): number {
  let bytes = 0
  for (const entry of entries) bytes += entry.size
  return bytes
}

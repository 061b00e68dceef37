import type { EntryWriter } from '../entry-writer.js'
import type { QueuedEntry } from '../queued-entry.js'
import { crc32 } from './crc32.js'

/**
 * One record of a segment: `u32 payload length, u32 CRC-32 of the
 * payload, payload`, little-endian. The payload holds what it takes to
 * send the entry again exactly as it was first queued:
 *
 * `f64 sequence, f64 seconds, u32 nanos, u32 stream hash,
 * str tenant, str label string, str label JSON, str line,
 * u32 metadata strings, str...` where `str` is `u32 bytes, UTF-8`.
 */
export const FRAME_BYTES = 8
const FIXED_PAYLOAD_BYTES = 8 + 8 + 4 + 4 + 4 * 4 + 4
// A record claiming more than this is damage, not data: a line is at
// most a few MiB even with a raised `maxLineBytes`.
export const MAX_PAYLOAD_BYTES = 256 * 1024 * 1024

/** The fields of a record, as read back. */
export interface SpoolRecord {
  readonly sequence: number
  readonly seconds: number
  readonly nanos: number
  readonly hash: number
  readonly tenant: string
  readonly key: string
  readonly json: string
  readonly line: string
  readonly metadata: readonly string[] | undefined
}

/** Frames entries into records, reusing one buffer. */
export class RecordEncoder {
  readonly #entries: EntryWriter
  #buffer = Buffer.allocUnsafe(64 * 1024)

  /** @param entries - reads a queued entry's line and metadata */
  constructor (entries: EntryWriter) {
    this.#entries = entries
  }

  /**
   * Encodes `entry` into {@link buffer}; returns the record's length.
   * The buffer is valid until the next call.
   */
  encode (entry: QueuedEntry): number {
    const { stream } = entry
    const { line, metadata } = this.#entries.read(entry)
    let chars = entry.tenant.length + stream.key.length +
      stream.json.length + line.length
    if (metadata !== undefined) {
      for (const text of metadata) chars += text.length + 4
    }
    // Three UTF-8 bytes at most per UTF-16 unit: room without measuring.
    this.#reserve(FRAME_BYTES + FIXED_PAYLOAD_BYTES + chars * 3)
    const b = this.#buffer
    b.writeDoubleLE(entry.sequence, 8)
    b.writeDoubleLE(entry.seconds, 16)
    b.writeUInt32LE(entry.nanos, 24)
    b.writeUInt32LE(stream.hash, 28)
    let at = writeString(b, 32, entry.tenant)
    at = writeString(b, at, stream.key)
    at = writeString(b, at, stream.json)
    at = writeString(b, at, line)
    b.writeUInt32LE(metadata?.length ?? 0, at)
    at += 4
    if (metadata !== undefined) {
      for (const text of metadata) at = writeString(b, at, text)
    }
    b.writeUInt32LE(at - FRAME_BYTES, 0)
    b.writeUInt32LE(crc32(b, FRAME_BYTES, at), 4)
    return at
  }

  get buffer (): Buffer {
    return this.#buffer
  }

  #reserve (bytes: number): void {
    if (this.#buffer.length >= bytes) return
    this.#buffer = Buffer.allocUnsafe(Math.max(bytes, this.#buffer.length * 2))
  }
}

function writeString (b: Buffer, at: number, text: string): number {
  const bytes = b.write(text, at + 4)
  b.writeUInt32LE(bytes, at)
  return at + 4 + bytes
}

/**
 * Checks the frame at `start`: the record's end when it is whole and its
 * checksum holds, `'short'` when the bytes end inside it, `'bad'` when the
 * checksum or the length is wrong.
 */
export function checkFrame (
  b: Buffer, start: number, end: number,
): number | 'short' | 'bad' {
  if (end - start < FRAME_BYTES) return 'short'
  const length = b.readUInt32LE(start)
  if (length < FIXED_PAYLOAD_BYTES || length > MAX_PAYLOAD_BYTES) {
    return 'bad'
  }
  const recordEnd = start + FRAME_BYTES + length
  if (recordEnd > end) return 'short'
  const crc = crc32(b, start + FRAME_BYTES, recordEnd)
  return crc === b.readUInt32LE(start + 4) ? recordEnd : 'bad'
}

/** Reads the payload of a checked frame at `start`. */
export function decodeRecord (b: Buffer, start: number): SpoolRecord {
  const reader = new PayloadReader(b, start + FRAME_BYTES + 24)
  const sequence = b.readDoubleLE(start + FRAME_BYTES)
  const seconds = b.readDoubleLE(start + FRAME_BYTES + 8)
  const nanos = b.readUInt32LE(start + FRAME_BYTES + 16)
  const hash = b.readUInt32LE(start + FRAME_BYTES + 20)
  const tenant = reader.string()
  const key = reader.string()
  const json = reader.string()
  const line = reader.string()
  const count = reader.uint32()
  let metadata: string[] | undefined
  for (let i = 0; i < count; i++) (metadata ??= []).push(reader.string())
  return { sequence, seconds, nanos, hash, tenant, key, json, line, metadata }
}

class PayloadReader {
  constructor (readonly b: Buffer, public at: number) {}

  uint32 (): number {
    const value = this.b.readUInt32LE(this.at)
    this.at += 4
    return value
  }

  string (): string {
    const bytes = this.uint32()
    const text = this.b.toString('utf8', this.at, this.at + bytes)
    this.at += bytes
    return text
  }
}

import { closeSync, openSync, readSync } from 'node:fs'
import {
  FRAME_BYTES, checkFrame, decodeRecord, type SpoolRecord,
} from './record-codec.js'

const CHUNK_BYTES = 256 * 1024

/**
 * Reads a segment's records in order through a buffer of a few hundred
 * KiB: one `readSync` serves many records. `limit` is the end of the data
 * to read (the file's size, or the writer's position while it grows).
 */
export class SegmentReader {
  /** File offset of the next record. */
  offset: number
  limit: number
  readonly #fd: number
  #buffer = Buffer.allocUnsafe(CHUNK_BYTES)
  /** File offset of `#buffer[0]` and how many bytes it holds. */
  #bufferOffset = 0
  #bufferBytes = 0
  #frameEnd = 0

  constructor (readonly path: string, offset: number, limit: number) {
    this.#fd = openSync(path, 'r')
    this.offset = offset
    this.limit = limit
  }

  /**
   * Checks the next record and steps over it: `'ok'`, `'end'` at the
   * limit, `'short'` when the data ends inside it, `'bad'` when its
   * checksum or length is wrong.
   */
  skip (): 'ok' | 'end' | 'short' | 'bad' {
    const frame = this.#frame()
    if (frame !== 'ok') return frame
    this.offset = this.#bufferOffset + this.#frameEnd
    return 'ok'
  }

  /** Like {@link skip}, but returns the record read. */
  read (): SpoolRecord | 'end' | 'short' | 'bad' {
    const frame = this.#frame()
    if (frame !== 'ok') return frame
    const record = decodeRecord(this.#buffer, this.offset - this.#bufferOffset)
    this.offset = this.#bufferOffset + this.#frameEnd
    return record
  }

  close (): void {
    closeSync(this.#fd)
  }

  #frame (): 'ok' | 'end' | 'short' | 'bad' {
    if (this.offset >= this.limit) return 'end'
    for (let loaded = false; ; loaded = true) {
      const start = this.offset - this.#bufferOffset
      const inBuffer = start >= 0 && start < this.#bufferBytes
      const result = inBuffer
        ? checkFrame(this.#buffer, start, this.#bufferBytes)
        : 'short'
      if (typeof result === 'number') {
        this.#frameEnd = result
        return 'ok'
      }
      if (result === 'bad' || loaded) return result
      this.#load()
    }
  }

  /** Fills the buffer from `offset`, large enough for the next record. */
  #load (): void {
    const available = this.limit - this.offset
    let want = Math.min(available, CHUNK_BYTES)
    const header = Buffer.allocUnsafe(FRAME_BYTES)
    if (available >= FRAME_BYTES &&
        readSync(this.#fd, header, 0, FRAME_BYTES, this.offset) ===
          FRAME_BYTES) {
      want = Math.min(available,
        Math.max(want, FRAME_BYTES + header.readUInt32LE(0)))
    }
    if (this.#buffer.length < want) this.#buffer = Buffer.allocUnsafe(want)
    let got = 0
    while (got < want) {
      const n = readSync(this.#fd, this.#buffer, got, want - got,
        this.offset + got)
      if (n === 0) break
      got += n
    }
    this.#bufferOffset = this.offset
    this.#bufferBytes = got
  }
}

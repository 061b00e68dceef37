import { closeSync, openSync, readSync, statSync } from 'node:fs'
import { FRAME_BYTES } from './record-codec.js'
import { SEGMENT_HEADER } from './segment-file.js'
import { SegmentReader } from './segment-reader.js'

/** What a segment left by an earlier run holds. */
export interface SegmentScan {
  /** Whole records with a good checksum, from the start. */
  readonly records: number
  /** Where the good records end. */
  readonly end: number
  readonly size: number
  /**
   * `whole`: every byte is a good record. `torn`: the last record was cut
   * short by a crash (or the file has no complete header). `corrupt`: a
   * record that fails its checksum has data after it.
   */
  readonly state: 'whole' | 'torn' | 'corrupt'
}

/** Reads a segment through, checking every record's checksum. */
export function scanSegment (path: string): SegmentScan {
  const size = statSync(path).size
  if (size < SEGMENT_HEADER.length) {
    return { records: 0, end: 0, size, state: 'torn' }
  }
  if (!hasHeader(path)) return { records: 0, end: 0, size, state: 'corrupt' }
  const reader = new SegmentReader(path, SEGMENT_HEADER.length, size)
  try {
    let records = 0
    for (;;) {
      const result = reader.skip()
      if (result === 'ok') {
        records++
        continue
      }
      const end = reader.offset
      if (result === 'end') return { records, end, size, state: 'whole' }
      const torn = result === 'short' || isTornTail(path, end, size)
      return { records, end, size, state: torn ? 'torn' : 'corrupt' }
    }
  } finally {
    reader.close()
  }
}

function hasHeader (path: string): boolean {
  const header = Buffer.alloc(SEGMENT_HEADER.length)
  readAt(path, header, 0)
  return header.equals(SEGMENT_HEADER)
}

/**
 * A record that fails its checksum is the torn last write of a crash when
 * it reaches the end of the file, or when everything from it on is zeros
 * (a file system that grew the file before the data reached the disk).
 * Anything else is damage in the middle.
 */
function isTornTail (path: string, offset: number, size: number): boolean {
  const rest = Buffer.alloc(size - offset)
  readAt(path, rest, offset)
  if (rest.every((byte) => byte === 0)) return true
  return rest.length >= 4 && offset + FRAME_BYTES + rest.readUInt32LE(0) >= size
}

function readAt (path: string, into: Buffer, offset: number): void {
  const fd = openSync(path, 'r')
  try {
    readSync(fd, into, 0, into.length, offset)
  } finally {
    closeSync(fd)
  }
}

// The bytes that stored rows point into: the decoded body of each push,
// kept whole instead of copied entry by entry. When most of a body is not
// stored (duplicates, refusals, the framing around small entries), the
// stored bytes are copied out and the body let go, so that memory follows
// what is stored.
import { PAIR_SLOTS, type EntryRows } from './entry-rows.js'

/** Rows `firstRow` to before `endRow` of one stream's rows. */
export interface RowRange {
  readonly rows: EntryRows
  readonly firstRow: number
  readonly endRow: number
}

/** The chunks of one store, shared by the rows of all its streams. */
export class StoredChunks {
  /** Chunk number → its bytes. */
  readonly buffers: Buffer[] = []

  /** Keeps `buffer`; returns its chunk number. */
  add (buffer: Buffer): number {
    return this.buffers.push(buffer) - 1
  }

  /**
   * True when less than half of chunk `chunk` is `storedBytes`, the bytes
   * stored rows point to: then `copyOut()` is worth its copy.
   */
  isMostlyUnstored (chunk: number, storedBytes: number): boolean {
    return storedBytes * 2 < (this.buffers[chunk] as Buffer).length
  }

  /**
   * Copies the bytes that `ranges` point to out of chunk `chunk` into a
   * buffer of `storedBytes`, which replaces it; points the rows there.
   */
  copyOut (
    chunk: number,
    ranges: readonly RowRange[],
    storedBytes: number
  ): void {
    const source = this.buffers[chunk] as Buffer
    const target = Buffer.allocUnsafe(storedBytes)
    let at = 0
    for (const { rows, firstRow, endRow } of ranges) {
      for (let row = firstRow; row < endRow; row++) {
        const lineStart = rows.lineStart[row] as number
        rows.lineStart[row] = at
        at = copy(source, lineStart, rows.lineLength[row] as number, target, at)
        // Names and values alike are a start slot, then a length slot.
        const first = (rows.pairStart[row] as number) * PAIR_SLOTS
        const end = first + (rows.pairCount[row] as number) * PAIR_SLOTS
        for (let slot = first; slot < end; slot += 2) {
          const start = rows.pairs[slot] as number
          rows.pairs[slot] = at
          at = copy(source, start, rows.pairs[slot + 1] as number, target, at)
        }
      }
    }
    this.buffers[chunk] = target
  }
}

function copy (
  source: Buffer,
  start: number,
  length: number,
  target: Buffer,
  at: number
): number {
  return at + source.copy(target, at, start, start + length)
}

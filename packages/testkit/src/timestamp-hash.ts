// A hash table from timestamp to the rows that have it, for a stream
// whose entries arrived out of time order. Buckets and chains are typed
// arrays of row numbers, so it holds no object per entry.
import type { EntryRows } from './entry-rows.js'

const NONE = -1
const TWO_TO_32 = 2 ** 32

/** The rows of one `EntryRows` by timestamp. */
export class TimestampHash {
  /** Bucket → its first row; a power of two long. */
  private heads = new Int32Array(0)
  /** Row → the next row of its bucket. */
  private chain = new Int32Array(0)

  /** Indexes every row of `rows` there is; `insert()` adds later ones. */
  constructor (private readonly rows: EntryRows) {
    this.rebuild(Math.max(16, rows.length * 2))
  }

  /** The first row of the bucket of this timestamp, or -1: a candidate. */
  first (seconds: number, nanos: number): number {
    return this.heads[hash(seconds, nanos) & (this.heads.length - 1)] as number
  }

  /** The next candidate after `row`, or -1. */
  next (row: number): number {
    return this.chain[row] as number
  }

  /** Indexes the row added last. */
  insert (row: number): void {
    if (row >= this.heads.length) this.rebuild(this.heads.length * 2)
    else this.link(row)
  }

  private rebuild (buckets: number): void {
    this.heads = new Int32Array(buckets).fill(NONE)
    // As long as the buckets: the table is rebuilt before it is full.
    this.chain = new Int32Array(buckets)
    for (let row = 0; row < this.rows.length; row++) this.link(row)
  }

  private link (row: number): void {
    const bucket = hash(this.rows.seconds[row] as number,
      this.rows.nanos[row] as number) & (this.heads.length - 1)
    this.chain[row] = this.heads[bucket] as number
    this.heads[bucket] = row
  }
}

/** A 32-bit mix of the pair (murmur3's finaliser). */
function hash (seconds: number, nanos: number): number {
  const high = Math.floor(seconds / TWO_TO_32)
  let h = (seconds | 0) ^ Math.imul(nanos | 0, 0x9e3779b1) ^ high
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return h ^ (h >>> 16)
}

// De-duplication as Loki does it: one entry per (stream, timestamp, line,
// structured metadata). A stream's entries are found by timestamp, which
// clients make (nearly) unique, and only where timestamps meet are lines
// and metadata compared.
import type { EntryRows } from './entry-rows.js'
import { sameContent } from './same-entry.js'
import { isBefore } from './timestamp-pair.js'
import { TimestampHash } from './timestamp-hash.js'

/** The stored rows of one stream, as far as identity goes. */
export class IdentityIndex {
  // Clients send a stream's entries in time order, and while they arrive
  // so the rows are their own index: an entry newer than the last one is
  // new, and an older one is found by binary search. The first entry out
  // of order moves the index to a hash table by timestamp for good.
  private byTimestamp: TimestampHash | undefined

  /** @param rows - the stream's stored rows, which `add()` appends to */
  constructor (private readonly rows: EntryRows) {}

  /** True when a row identical to row `row` of `from` is stored. */
  has (from: EntryRows, row: number): boolean {
    const seconds = from.seconds[row] as number
    const nanos = from.nanos[row] as number
    const { rows, byTimestamp } = this
    let candidates = 0
    if (byTimestamp === undefined) {
      for (let stored = firstNotBefore(rows, seconds, nanos);
        stored < rows.length && rows.seconds[stored] === seconds &&
        rows.nanos[stored] === nanos; stored++) {
        if (this.same(stored, from, row, candidates++)) return true
      }
      return false
    }

    for (let stored = byTimestamp.first(seconds, nanos); stored >= 0;
      stored = byTimestamp.next(stored)) {
      if (rows.seconds[stored] === seconds && rows.nanos[stored] === nanos &&
        this.same(stored, from, row, candidates++)) {
        return true
      }
    }
    return false
  }

  /**
   * Stores row `row` of `from`, its bytes in chunk `chunk`, unless an
   * identical row is stored; false if one is.
   */
  add (from: EntryRows, row: number, chunk: number): boolean {
    const { rows } = this
    const seconds = from.seconds[row] as number
    const nanos = from.nanos[row] as number
    const last = rows.length - 1
    const inOrder = this.byTimestamp === undefined
    // Newer than all: new, and the rows stay in order.
    if (inOrder && (last < 0 || isBefore(rows.seconds[last] as number,
      rows.nanos[last] as number, seconds, nanos))) {
      rows.copyRow(from, row, chunk)
      return true
    }

    if (this.has(from, row)) return false
    const stored = rows.copyRow(from, row, chunk)
    const sameAsLast = rows.seconds[last] === seconds &&
      rows.nanos[last] === nanos
    if (inOrder && sameAsLast) return true
    if (this.byTimestamp === undefined) {
      this.byTimestamp = new TimestampHash(rows)
    } else {
      this.byTimestamp.insert(stored)
    }
    return true
  }

  /**
   * True when stored row `stored`, the `nth` stored with the timestamp of
   * row `row` of `from` (from 0), has its content.
   */
  private same (
    stored: number,
    from: EntryRows,
    row: number,
    nth: number
  ): boolean {
    // Clients that stamp milliseconds give hundreds of entries one
    // timestamp. Past the first of them, line fingerprints (made once a
    // row) rule out most without comparing bytes.
    if (nth > 0 && this.rows.fingerprint(stored) !== from.fingerprint(row)) {
      return false
    }
    return sameContent(this.rows, stored, from, row)
  }
}

/** The first of time-ordered rows not before the timestamp. */
function firstNotBefore (
  rows: EntryRows,
  seconds: number,
  nanos: number
): number {
  let low = 0
  let high = rows.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (isBefore(rows.seconds[middle] as number, rows.nanos[middle] as number,
      seconds, nanos)) {
      low = middle + 1
    } else {
      high = middle
    }
  }
  return low
}

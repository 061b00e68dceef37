// Entries as rows of typed-array columns over byte chunks: a timestamp
// pair, where the line's bytes are, and where each structured-metadata
// name and value is. Decoders fill them without making a string or an
// object per entry, and the store keeps them so: the garbage collector
// sees a few arrays instead of several objects per stored entry. Strings
// are made only for whoever reads an entry.
import { grownFloat64, grownUint32 } from './grown-column.js'
import type { LabelPair } from './push-request.js'
import { formatPairNs, pairToNs } from './timestamp-pair.js'
import { textFingerprint } from './utf8-text.js'

/**
 * Slots of one structured-metadata pair in `EntryRows.pairs`: the name's
 * start and length, then the value's.
 */
export const PAIR_SLOTS = 4
/** Offsets within a pair's slots. */
export const NAME_START = 0
export const NAME_LENGTH = 1
export const VALUE_START = 2
export const VALUE_LENGTH = 3

const FIRST_CAPACITY = 16

/** Rows of entries; columns are indexed by row. */
export class EntryRows {
  /** Number of rows. */
  length = 0
  /** Number of metadata pairs over all rows. */
  pairLength = 0
  /** The row's timestamp pair (see timestamp-pair.ts). */
  seconds = new Float64Array(FIRST_CAPACITY)
  nanos = new Float64Array(FIRST_CAPACITY)
  /** Where the row's line is in its chunk, in bytes. */
  lineStart = new Uint32Array(FIRST_CAPACITY)
  lineLength = new Uint32Array(FIRST_CAPACITY)
  /** `textFingerprint()` of the line, or 0 until it is first needed. */
  lineFingerprint = new Uint32Array(FIRST_CAPACITY)
  /** The row's first pair, and how many it has, in `pairs`. */
  pairStart = new Uint32Array(FIRST_CAPACITY)
  pairCount = new Uint32Array(FIRST_CAPACITY)
  /** Which of `chunks` holds the row's bytes. */
  chunk = new Uint32Array(FIRST_CAPACITY)
  /** Byte ranges of metadata names and values, `PAIR_SLOTS` a pair. */
  pairs = new Uint32Array(FIRST_CAPACITY * PAIR_SLOTS)

  /** @param chunks - the bytes that rows point into; may be shared */
  constructor (readonly chunks: Buffer[]) {}

  /** Appends a row whose pairs are those added since `pairStart`. */
  add (
    seconds: number,
    nanos: number,
    lineStart: number,
    lineLength: number,
    pairStart: number,
    chunk: number
  ): number {
    const row = this.length
    if (row === this.seconds.length) this.grow()
    this.seconds[row] = seconds
    this.nanos[row] = nanos
    this.lineStart[row] = lineStart
    this.lineLength[row] = lineLength
    this.lineFingerprint[row] = 0
    this.pairStart[row] = pairStart
    this.pairCount[row] = this.pairLength - pairStart
    this.chunk[row] = chunk
    this.length = row + 1
    return row
  }

  /** Appends one metadata pair, for the row about to be added. */
  addPair (
    nameStart: number,
    nameLength: number,
    valueStart: number,
    valueLength: number
  ): void {
    const at = this.pairLength * PAIR_SLOTS
    if (at === this.pairs.length) this.pairs = grownUint32(this.pairs)
    this.pairs[at + NAME_START] = nameStart
    this.pairs[at + NAME_LENGTH] = nameLength
    this.pairs[at + VALUE_START] = valueStart
    this.pairs[at + VALUE_LENGTH] = valueLength
    this.pairLength++
  }

  /** Appends a copy of `row` of `from`, its bytes now in `chunk`. */
  copyRow (from: EntryRows, row: number, chunk: number): number {
    const pairStart = this.pairLength
    const first = from.pairStart[row] as number
    const end = first + (from.pairCount[row] as number)
    for (let pair = first; pair < end; pair++) {
      const at = pair * PAIR_SLOTS
      const { pairs } = from
      this.addPair(pairs[at + NAME_START] as number,
        pairs[at + NAME_LENGTH] as number, pairs[at + VALUE_START] as number,
        pairs[at + VALUE_LENGTH] as number)
    }
    const copy = this.add(from.seconds[row] as number,
      from.nanos[row] as number, from.lineStart[row] as number,
      from.lineLength[row] as number, pairStart, chunk)
    this.lineFingerprint[copy] = from.lineFingerprint[row] as number
    return copy
  }

  /** The chunk that holds the bytes of `row`. */
  bytesOf (row: number): Buffer {
    return this.chunks[this.chunk[row] as number] as Buffer
  }

  /** The fingerprint of the line of `row`, made the first time it is asked. */
  fingerprint (row: number): number {
    const known = this.lineFingerprint[row] as number
    if (known !== 0) return known
    const fingerprint = textFingerprint(this.bytesOf(row),
      this.lineStart[row] as number, this.lineLength[row] as number)
    this.lineFingerprint[row] = fingerprint
    return fingerprint
  }

  /** The line of `row` as Loki stores it (invalid UTF-8 as U+FFFD). */
  line (row: number): string {
    const start = this.lineStart[row] as number
    // Buffer's decoder replaces invalid bytes exactly as TextDecoder does.
    return this.bytesOf(row).toString('utf8', start,
      start + (this.lineLength[row] as number))
  }

  /** The structured metadata of `row`, in the order it was sent. */
  metadata (row: number): LabelPair[] {
    const bytes = this.bytesOf(row)
    const pairs: LabelPair[] = []
    const first = this.pairStart[row] as number
    const end = first + (this.pairCount[row] as number)
    for (let pair = first; pair < end; pair++) {
      pairs.push({
        name: this.pairText(bytes, pair, NAME_START, NAME_LENGTH),
        value: this.pairText(bytes, pair, VALUE_START, VALUE_LENGTH),
      })
    }
    return pairs
  }

  /** Bytes of the metadata names and values of `row`, as received. */
  metadataByteLength (row: number): number {
    let bytes = 0
    const first = this.pairStart[row] as number
    const end = first + (this.pairCount[row] as number)
    for (let pair = first; pair < end; pair++) {
      const at = pair * PAIR_SLOTS
      bytes += (this.pairs[at + NAME_LENGTH] as number) +
        (this.pairs[at + VALUE_LENGTH] as number)
    }
    return bytes
  }

  /** The timestamp of `row` as Loki's decimal nanoseconds. */
  timestamp (row: number): string {
    return formatPairNs(this.seconds[row] as number, this.nanos[row] as number)
  }

  /** The timestamp of `row` in integer nanoseconds. */
  timestampNs (row: number): bigint {
    return pairToNs(this.seconds[row] as number, this.nanos[row] as number)
  }

  private pairText (
    bytes: Buffer,
    pair: number,
    startSlot: number,
    lengthSlot: number
  ): string {
    const start = this.pairs[pair * PAIR_SLOTS + startSlot] as number
    const length = this.pairs[pair * PAIR_SLOTS + lengthSlot] as number
    return bytes.toString('utf8', start, start + length)
  }

  private grow (): void {
    this.seconds = grownFloat64(this.seconds)
    this.nanos = grownFloat64(this.nanos)
    this.lineStart = grownUint32(this.lineStart)
    this.lineLength = grownUint32(this.lineLength)
    this.lineFingerprint = grownUint32(this.lineFingerprint)
    this.pairStart = grownUint32(this.pairStart)
    this.pairCount = grownUint32(this.pairCount)
    this.chunk = grownUint32(this.chunk)
  }
}

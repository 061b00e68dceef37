// The order entries were stored in, over all streams: runs of rows of one
// stream, as pushes store them. The runs are typed arrays, and a run goes
// on where its stream does within one push, so a client that sends a
// stream object per entry costs no object per entry.

import { grownUint32 } from './grown-column.js'

const FIRST_CAPACITY = 16

/** Runs of stored rows, in storage order. */
export class StorageOrder {
  /** Number of runs. */
  length = 0
  /** Each run's stream (its number in the store), first row and end. */
  stream = new Uint32Array(FIRST_CAPACITY)
  firstRow = new Uint32Array(FIRST_CAPACITY)
  endRow = new Uint32Array(FIRST_CAPACITY)

  /**
   * Records rows `firstRow` to before `endRow` of stream `stream` as
   * stored next. Runs from `mergeFrom` on may be lengthened instead.
   */
  add (
    stream: number,
    firstRow: number,
    endRow: number,
    mergeFrom: number
  ): void {
    const last = this.length - 1
    if (last >= mergeFrom && this.stream[last] === stream &&
      this.endRow[last] === firstRow) {
      this.endRow[last] = endRow
      return
    }

    if (this.length === this.stream.length) this.grow()
    this.stream[this.length] = stream
    this.firstRow[this.length] = firstRow
    this.endRow[this.length] = endRow
    this.length++
  }

  private grow (): void {
    this.stream = grownUint32(this.stream)
    this.firstRow = grownUint32(this.firstRow)
    this.endRow = grownUint32(this.endRow)
  }
}

/**
 * The account of one segment file: how many entries it holds, how many
 * of them are settled (sent or counted as dropped), and the range of
 * their sequence numbers, by which a settled entry finds its segment.
 * Entries go into a segment in sequence order, so ranges never overlap.
 */
export class Segment {
  records = 0
  settled = 0
  firstSequence = Infinity
  lastSequence = -Infinity
  /** Closed segments take no more records and may be deleted. */
  closed: boolean

  constructor (
    readonly id: number,
    readonly path: string,
    /** Bytes of the file, header included. */
    public bytes: number,
    /** True for segments an earlier run left, read back at start. */
    readonly fromEarlierRun: boolean,
  ) {
    this.closed = fromEarlierRun
  }

  holds (sequence: number): boolean {
    return sequence >= this.firstSequence && sequence <= this.lastSequence
  }

  /** True once closed with every entry settled: the file can go. */
  get done (): boolean {
    return this.closed && this.settled >= this.records
  }

  /** Sets the account of a segment read back at start. */
  restore (records: number, firstSequence: number): void {
    this.records = records
    this.firstSequence = firstSequence
    this.lastSequence = firstSequence + records - 1
  }

  add (sequence: number, bytes: number): void {
    if (this.records === 0) this.firstSequence = sequence
    this.lastSequence = sequence
    this.records++
    this.bytes += bytes
  }
}

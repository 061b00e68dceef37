import type { StreamLabels } from './stream-labels.js'

/**
 * An entry the client holds: validated, with its stream resolved and its
 * final timestamp fixed, so that every resend carries the same timestamp
 * and Loki's de-duplication makes retries safe. Its line and metadata are
 * kept only as the bytes a body carries them in (its record), written in
 * a slab of its lane's arena when it was pushed.
 */
export class QueuedEntry {
  constructor (
    readonly tenant: string,
    readonly stream: StreamLabels,
    readonly seconds: number,
    readonly nanos: number,
    /** The slab holding the entry's record. */
    readonly slab: Buffer,
    /** Where the record starts in `slab`. */
    readonly offset: number,
    /** The record's size: what the entry adds to a body. */
    readonly size: number,
    /** Order of arrival across the client, for `drop-oldest`. */
    readonly sequence: number,
    /** When it was queued, in the client clock's milliseconds. */
    readonly queuedAt: number,
  ) {}

  /** A copy of `entry`, for one held beyond the call that made it. */
  static copyOf (entry: QueuedEntry): QueuedEntry {
    return new QueuedEntry(entry.tenant, entry.stream, entry.seconds,
      entry.nanos, entry.slab, entry.offset, entry.size, entry.sequence,
      entry.queuedAt)
  }
}

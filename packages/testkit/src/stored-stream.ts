// One stored stream: its rows, their identity index, the newest
// timestamp for the out-of-order window, and its entries as read so far.
import { EntryRows } from './entry-rows.js'
import { IdentityIndex } from './identity-index.js'
import {
  receivedEntry,
  type ReceivedEntry,
  type StreamIdentity,
} from './received-entry.js'
import {
  isBefore,
  pairFromNs,
  pairToNs,
  type TimestampPair,
} from './timestamp-pair.js'
import { msToNs } from './timestamps.js'

/** The oldest timestamp a stream accepts, for one newest and window. */
interface Cutoff extends TimestampPair {
  readonly newestSeconds: number
  readonly newestNanos: number
  readonly windowMs: number
}

/** A stream of the store. */
export class StoredStream implements StreamIdentity {
  readonly rows: EntryRows
  readonly identity: IdentityIndex
  newestSeconds = 0
  newestNanos = 0
  private readonly received: ReceivedEntry[] = []
  private cutoff: Cutoff | undefined

  /**
   * @param number - the stream's number in its store
   * @param chunks - the store's byte chunks, which rows point into
   */
  constructor (
    readonly number: number,
    readonly tenant: string,
    readonly labels: Readonly<Record<string, string>>,
    readonly stream: string,
    chunks: Buffer[]
  ) {
    this.rows = new EntryRows(chunks)
    this.identity = new IdentityIndex(this.rows)
  }

  /**
   * Stores row `row` of `from` (its bytes in chunk `chunk`) unless an
   * identical entry is stored; false if one is.
   */
  add (from: EntryRows, row: number, chunk: number): boolean {
    if (!this.identity.add(from, row, chunk)) return false
    const seconds = from.seconds[row] as number
    const nanos = from.nanos[row] as number
    if (this.rows.length === 1 ||
      isBefore(this.newestSeconds, this.newestNanos, seconds, nanos)) {
      this.newestSeconds = seconds
      this.newestNanos = nanos
    }
    return true
  }

  /**
   * The oldest timestamp the out-of-order window lets in, now. Kept while
   * the newest entry stays the same, which spares a resent push BigInt
   * arithmetic for each entry.
   */
  oldestAccepted (windowMs: number): TimestampPair {
    const known = this.cutoff
    if (known !== undefined && known.windowMs === windowMs &&
      known.newestSeconds === this.newestSeconds &&
      known.newestNanos === this.newestNanos) {
      return known
    }
    const pair = pairFromNs(
      pairToNs(this.newestSeconds, this.newestNanos) - msToNs(windowMs))
    this.cutoff = {
      ...pair,
      newestSeconds: this.newestSeconds,
      newestNanos: this.newestNanos,
      windowMs,
    }
    return this.cutoff
  }

  /** The entries of rows 0 to `end`, made once each, as first read. */
  entriesUpTo (end: number): readonly ReceivedEntry[] {
    for (let row = this.received.length; row < end; row++) {
      this.received.push(receivedEntry(this, this.rows, row))
    }
    return this.received
  }
}

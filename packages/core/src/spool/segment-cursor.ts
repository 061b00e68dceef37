import { LokiSpoolError } from '../errors.js'
import type { QueuedEntry } from '../queued-entry.js'
import type { Segment } from './segment.js'
import { SEGMENT_HEADER } from './segment-file.js'
import { SegmentReader } from './segment-reader.js'
import { SpooledStreams } from './spooled-entry.js'
import type { SpoolHost } from './disk-queue.js'

/**
 * The read side of the spool: where the entries that are on disk only
 * begin, and the loading of them into memory, in order, as room frees.
 * `next` is the first of them, already read (or still in hand when it
 * was the entry that found memory full), so its sequence is known.
 */
export class SegmentCursor {
  /** Entries on disk and not in memory (`next` included). */
  diskOnly = 0
  readonly #segments: readonly Segment[]
  readonly #host: SpoolHost
  readonly #settle: (entries: readonly QueuedEntry[]) => void
  readonly #streams = new SpooledStreams()
  #next: QueuedEntry | undefined
  #segment: Segment | undefined
  #reader: SegmentReader | undefined
  #offset = 0
  /** Records of `#segment` read so far, or in memory when spilling began. */
  #records = 0

  constructor (
    segments: readonly Segment[],
    host: SpoolHost,
    settle: (entries: readonly QueuedEntry[]) => void,
  ) {
    this.#segments = segments
    this.#host = host
    this.#settle = settle
  }

  /** Points at the first recovered segment; returns its entry count. */
  startReplay (): number {
    const first = this.#segments[0]
    if (first !== undefined) this.#moveTo(first, SEGMENT_HEADER.length, 0)
    this.diskOnly = this.#segments.reduce((sum, s) => sum + s.records, 0)
    return this.diskOnly
  }

  /** `entry`, just appended to `segment`, stays on disk only. */
  spill (entry: QueuedEntry, segment: Segment): void {
    this.diskOnly++
    if (this.diskOnly === 1) {
      this.#next = entry
      this.#moveTo(segment, segment.bytes, segment.records)
    }
    this.#streams.remember(entry.stream)
  }

  /** The sequence of the first entry on disk only, if any. */
  oldestSequence (): number | undefined {
    while (this.#next === undefined && this.diskOnly > 0) {
      this.#next = this.#read()
    }
    return this.#next?.sequence
  }

  /** Moves entries from disk into memory while memory has room. */
  refill (): void {
    const host = this.#host
    while (this.diskOnly > 0) {
      const entry = this.#next ?? this.#read()
      if (entry === undefined) continue
      if (!host.hasRoom(entry.size)) {
        this.#next = entry
        return
      }
      this.#next = undefined
      this.diskOnly--
      this.#load(entry)
    }
    this.#streams.clear()
    this.#closeReader()
    this.#segment = undefined
  }

  /**
   * `segment` is about to be deleted: returns its entries that are on
   * disk only (they are lost with it) and moves past it.
   */
  leave (segment: Segment): QueuedEntry[] {
    const lost: QueuedEntry[] = []
    if (this.#segment !== segment) return lost
    if (this.#next !== undefined) lost.push(this.#next)
    this.#next = undefined
    while (this.#segment === segment && this.#records < segment.records) {
      const entry = this.#read()
      if (entry !== undefined) lost.push(entry)
    }
    this.diskOnly -= lost.length
    if (this.#segment === segment) this.#moveToNext(segment)
    return lost
  }

  close (): void {
    this.#closeReader()
  }

  #load (entry: QueuedEntry): void {
    const host = this.#host
    const ms = entry.seconds * 1000 + entry.nanos / 1e6
    // Loki refuses the whole entry past its age limit: say so here rather
    // than spend a request on it after a long outage.
    if (host.clock.now() - ms > host.maxEntryAgeMs) {
      this.#settle([entry])
      host.drop([entry], 'timestamp_too_old')
    } else {
      host.enqueue(entry)
    }
  }

  /** Reads the next record; undefined when it cannot be read. */
  #read (): QueuedEntry | undefined {
    for (;;) {
      const segment = this.#segment
      if (segment === undefined) {
        this.#lose(undefined)
        return undefined
      }
      let result
      try {
        this.#reader ??= new SegmentReader(segment.path, this.#offset,
          segment.bytes)
        this.#reader.limit = segment.bytes
        result = this.#reader.read()
      } catch (error) {
        this.#lose(error)
        return undefined
      }
      if (typeof result === 'object') {
        this.#records++
        const sequence = segment.fromEarlierRun
          ? segment.firstSequence + this.#records - 1
          : result.sequence
        return this.#streams.toEntry(result, sequence, this.#host.entries,
          this.#host.clock.now())
      }
      if (result !== 'end' || this.#records < segment.records) {
        this.#lose(new Error(`record ${this.#records} is ${result}`))
        return undefined
      }
      this.#moveToNext(segment)
    }
  }

  /**
   * The rest of the current segment cannot be read (removed or damaged
   * on disk while the client ran): count it, settle it, move on.
   */
  #lose (error: unknown): void {
    const segment = this.#segment
    const count = segment === undefined
      ? this.diskOnly
      : Math.min(this.diskOnly, segment.records - this.#records)
    this.diskOnly -= count
    if (segment !== undefined) {
      segment.settled += count
      this.#host.error(new LokiSpoolError('LOKI_SPOOL_IO',
        `${count} spooled entries in ${segment.path} cannot be read back: ` +
        (error as Error)?.message, segment.path, error))
      this.#moveToNext(segment)
    }
    this.#host.lost(count)
  }

  #moveToNext (segment: Segment): void {
    const next = this.#segments[this.#segments.indexOf(segment) + 1]
    if (next === undefined) {
      this.#closeReader()
      this.#segment = undefined
      return
    }
    this.#moveTo(next, SEGMENT_HEADER.length, 0)
  }

  #moveTo (segment: Segment, offset: number, records: number): void {
    this.#closeReader()
    this.#segment = segment
    this.#offset = offset
    this.#records = records
  }

  #closeReader (): void {
    try {
      this.#reader?.close()
    } catch {
      // Closing a read-only descriptor cannot lose data.
    }
    this.#reader = undefined
  }
}

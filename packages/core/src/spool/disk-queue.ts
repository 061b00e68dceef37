import { unlinkSync } from 'node:fs'
import type { Clock } from '../clock.js'
import type { EntryWriter } from '../entry-writer.js'
import { debug } from '../diagnostics.js'
import {
  dropOutcome, LokiDropError, LokiSpoolError, type DropReason,
} from '../errors.js'
import type { Overflow } from '../options.js'
import type { QueuedEntry } from '../queued-entry.js'
import { DirectoryLock } from './directory-lock.js'
import { RecordEncoder } from './record-codec.js'
import { Segment } from './segment.js'
import { SegmentCursor } from './segment-cursor.js'
import { SEGMENT_HEADER, segmentPath } from './segment-file.js'
import { recoverSegments } from './segment-recovery.js'
import { SegmentWriter } from './segment-writer.js'
import type { ResolvedSpoolOptions } from './spool-options.js'
import type { SpoolStats } from './spool-stats.js'

/** What `push()` gives back, as the client returns it. */
export type SpoolPushResult =
  | undefined
  | LokiDropError
  | Promise<undefined | LokiDropError>

/** What the spool needs from its client. */
export interface SpoolHost {
  /** Writes entries read back from disk, and reads records as text. */
  readonly entries: EntryWriter
  readonly overflow: Overflow
  /** Most pushes that wait for disk room in `block` mode. */
  readonly maxWaiting: number
  readonly maxEntryAgeMs: number
  readonly clock: Clock
  /** Whether the memory queue has room for an entry of `size`. */
  hasRoom(size: number): boolean
  /** Puts an entry into the memory queue. */
  enqueue(entry: QueuedEntry): void
  /** Takes an entry in memory only: the spool cannot write now. */
  accept(entry: QueuedEntry): SpoolPushResult
  /** Counts and reports entries that will not be delivered. */
  drop(entries: readonly QueuedEntry[], reason: DropReason): void
  /** Counts and reports spooled entries that cannot be read back. */
  lost(count: number): void
  /** True once the client gave up sending (close deadline, exit). */
  stopped(): boolean
  error(error: LokiSpoolError): void
}

interface WaitingPush {
  readonly entry: QueuedEntry
  readonly resolve: (result: undefined | LokiDropError) => void
}

// After a failed write, entries stay in memory only for this long before
// the spool tries a new segment (a full disk may have room again).
const RETRY_AFTER_FAILURE_MS = 1000

/**
 * The disk-backed queue behind the `spool` option. Every accepted entry
 * is appended to the current segment before `push()` returns, and memory
 * holds a window of them. When memory is full, entries stay on disk only
 * and the {@link SegmentCursor} loads them back in order as room frees;
 * until it has caught up, later entries follow them through the disk, so
 * each stream keeps its order. A segment is deleted once it is closed
 * and every entry in it is sent or counted as dropped.
 */
export class DiskQueue {
  readonly #options: ResolvedSpoolOptions
  readonly #host: SpoolHost
  readonly #lock: DirectoryLock
  readonly #encoder: RecordEncoder
  readonly #segments: Segment[]
  readonly #cursor: SegmentCursor
  readonly #waiting: WaitingPush[] = []
  readonly #replayed: number
  readonly #quarantined: number
  #writer: SegmentWriter | undefined
  #nextId: number
  #bytes: number
  #failedAt = -Infinity
  /** Entries a deadline cut off, left on disk for the next run. */
  #kept = 0
  #lastHit: Segment | undefined
  #refilling = false
  #closed = false

  /**
   * Takes the directory and reads back what an earlier run left.
   * @throws {LokiSpoolError} `LOKI_SPOOL_LOCKED` when another client has
   * the directory.
   */
  constructor (options: ResolvedSpoolOptions, host: SpoolHost) {
    this.#options = options
    this.#host = host
    this.#encoder = new RecordEncoder(host.entries)
    this.#lock = new DirectoryLock(options.dir)
    try {
      const recovered = recoverSegments(options.dir, host.error)
      this.#segments = recovered.segments
      this.#nextId = recovered.nextId
      this.#quarantined = recovered.quarantined
    } catch (error) {
      this.#lock.release()
      throw new LokiSpoolError('LOKI_SPOOL_IO',
        `spool directory ${options.dir} cannot be read: ` +
        (error as Error)?.message, options.dir, error)
    }
    this.#bytes = this.#segments.reduce((sum, s) => sum + s.bytes, 0)
    this.#cursor = new SegmentCursor(this.#segments, host,
      (entries) => this.settle(entries))
    this.#replayed = this.#cursor.startReplay()
    debug('spool %s: %d entries to replay', options.dir, this.#replayed)
  }

  /** Appends an accepted entry; queues it in memory if there is room. */
  push (entry: QueuedEntry): SpoolPushResult {
    if (this.#waiting.length > 0) return this.#overflow(entry)
    const length = this.#encoder.encode(entry)
    if (!this.#hasRoom(length)) return this.#overflow(entry)
    return this.#append(entry, length)
  }

  /** Loads entries that are on disk only while memory has room. */
  refill (): void {
    if (this.#refilling || this.#closed || this.#host.stopped()) return
    this.#refilling = true
    try {
      this.#cursor.refill()
    } finally {
      this.#refilling = false
    }
  }

  /** Entries were sent or dropped: settle them in their segments. */
  settle (entries: readonly QueuedEntry[]): void {
    for (const entry of entries) {
      const segment = this.#segmentOf(entry.sequence)
      if (segment === undefined) continue
      segment.settled++
      if (segment.done) this.#delete(segment)
    }
  }

  /**
   * Entries a deadline cut off stay in their segments for the next run
   * instead of being dropped. Returns those that are not in the spool
   * (taken in memory only, or whose segment `drop-oldest` deleted).
   */
  keep (entries: readonly QueuedEntry[]): readonly QueuedEntry[] {
    const lost = entries.filter((e) => this.#segmentOf(e.sequence) ===
      undefined)
    this.#kept += entries.length - lost.length
    return lost
  }

  /** The sequence of the oldest entry not in memory yet. */
  oldestSequence (): number {
    return this.#cursor.oldestSequence() ??
      this.#waiting[0]?.entry.sequence ?? Infinity
  }

  get waitingPushes (): number {
    return this.#waiting.length
  }

  /** Drops the pushes waiting for disk room (`close()`, exit). */
  dropWaiting (): void {
    const waiting = this.#waiting.splice(0)
    if (waiting.length === 0) return
    this.#host.drop(waiting.map((w) => w.entry), 'shutdown')
    for (const w of waiting) w.resolve(dropOutcome('shutdown', 1))
  }

  stats (): SpoolStats {
    let unsettled = 0
    for (const s of this.#segments) unsettled += s.records - s.settled
    return {
      replayed: this.#replayed,
      diskOnlyEntries: this.#cursor.diskOnly + this.#kept,
      unsettledEntries: unsettled,
      bytes: this.#bytes,
      segments: this.#segments.length,
      quarantined: this.#quarantined,
    }
  }

  /**
   * Closes the current segment, flushed to disk, deletes the settled ones
   * and releases the directory. What is left is the next run's.
   */
  close (): void {
    if (this.#closed) return
    this.#closed = true
    this.#rotate(true)
    for (const segment of this.#segments.filter((s) => s.done)) {
      this.#delete(segment)
    }
    this.#cursor.close()
    this.#lock.release()
  }

  /** The process is exiting: flush the current segment, free the lock. */
  exit (): void {
    if (this.#closed) return
    this.#closed = true
    try {
      this.#writer?.syncNow()
    } catch {
      // Nothing more can be done while exiting; the page cache has it.
    }
    this.#lock.release()
  }

  #hasRoom (length: number): boolean {
    const header = this.#writer === undefined ? SEGMENT_HEADER.length : 0
    // A record larger than the bound still goes into an empty spool, or
    // it could never be sent.
    return this.#bytes + header + length <= this.#options.maxBytes ||
      this.#segments.length === 0
  }

  #append (entry: QueuedEntry, length: number): SpoolPushResult {
    const writer = this.#writable()
    const segment = this.#segments[this.#segments.length - 1]
    if (writer === undefined || segment === undefined) {
      return this.#host.accept(entry)
    }
    try {
      writer.append(this.#encoder.buffer, length)
    } catch (error) {
      this.#fail(error, writer.path)
      return this.#host.accept(entry)
    }
    segment.add(entry.sequence, length)
    this.#bytes += length
    if (this.#cursor.diskOnly === 0 && this.#host.hasRoom(entry.size)) {
      this.#host.enqueue(entry)
    } else {
      this.#cursor.spill(entry, segment)
    }
    if (writer.bytes >= this.#options.segmentBytes) this.#rotate(false)
    return undefined
  }

  /** The current segment's writer, a new segment when there is none. */
  #writable (): SegmentWriter | undefined {
    if (this.#writer !== undefined) return this.#writer
    const { clock } = this.#host
    if (clock.now() - this.#failedAt < RETRY_AFTER_FAILURE_MS) return undefined
    const id = this.#nextId++
    const path = segmentPath(this.#options.dir, id)
    try {
      this.#writer = new SegmentWriter(path, {
        fsync: this.#options.fsync,
        fsyncIntervalMs: this.#options.fsyncIntervalMs,
        clock,
        onSyncError: (error, at) => this.#ioError(error, at),
      })
    } catch (error) {
      this.#fail(error, path)
      return undefined
    }
    this.#segments.push(new Segment(id, path, SEGMENT_HEADER.length, false))
    this.#bytes += SEGMENT_HEADER.length
    return this.#writer
  }

  /** Closes the current segment; deletes it when it is settled already. */
  #rotate (wait: boolean): void {
    const writer = this.#writer
    if (writer === undefined) return
    this.#writer = undefined
    const segment = this.#segments[this.#segments.length - 1] as Segment
    segment.closed = true
    try {
      writer.close(wait)
    } catch (error) {
      this.#ioError(error, writer.path)
    }
    if (segment.done) this.#delete(segment)
  }

  #overflow (entry: QueuedEntry): SpoolPushResult {
    // A settled segment still open is never deleted: close it, so that
    // the space comes back as soon as what is in it is sent.
    this.#rotate(false)
    const length = this.#encoder.encode(entry)
    if (this.#host.overflow === 'drop-oldest') {
      while (!this.#hasRoom(length) && this.#dropOldest()) {}
    }
    if (this.#waiting.length === 0 && this.#hasRoom(length)) {
      return this.#append(entry, length)
    }
    if (this.#host.overflow !== 'block' ||
        this.#waiting.length >= this.#host.maxWaiting) {
      this.#host.drop([entry], 'queue_full')
      return dropOutcome('queue_full', 1)
    }
    return new Promise((resolve) => {
      this.#waiting.push({ entry, resolve })
    })
  }

  /**
   * Deletes the oldest segment for `drop-oldest`. Its entries still in
   * memory are sent all the same (no longer crash-safe); those on disk
   * only are dropped and counted.
   */
  #dropOldest (): boolean {
    const oldest = this.#segments[0]
    if (oldest === undefined) return false
    if (!oldest.closed) this.#rotate(false)
    if (this.#segments[0] !== oldest) return true
    const lost = this.#cursor.leave(oldest)
    this.#delete(oldest)
    if (lost.length > 0) this.#host.drop(lost, 'queue_full')
    return true
  }

  #delete (segment: Segment): void {
    const index = this.#segments.indexOf(segment)
    if (index < 0) return
    this.#cursor.leave(segment)
    this.#segments.splice(index, 1)
    this.#bytes -= segment.bytes
    if (this.#lastHit === segment) this.#lastHit = undefined
    try {
      unlinkSync(segment.path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.#ioError(error, segment.path)
      }
    }
    this.#wake()
  }

  /** Appends the pushes that waited for room, in order, while it lasts. */
  #wake (): void {
    while (this.#waiting.length > 0 && !this.#closed) {
      const next = this.#waiting[0] as WaitingPush
      const length = this.#encoder.encode(next.entry)
      if (!this.#hasRoom(length)) return
      this.#waiting.shift()
      const result = this.#append(next.entry, length)
      if (result instanceof Promise) result.then(next.resolve, () => {})
      else next.resolve(result)
    }
  }

  #segmentOf (sequence: number): Segment | undefined {
    const hit = this.#lastHit
    if (hit !== undefined && hit.holds(sequence)) return hit
    for (const segment of this.#segments) {
      if (segment.holds(sequence)) {
        this.#lastHit = segment
        return segment
      }
    }
    return undefined
  }

  /** A write failed: entries go to memory only for a while. */
  #fail (error: unknown, path: string): void {
    this.#failedAt = this.#host.clock.now()
    this.#ioError(error, path)
    this.#rotate(false)
  }

  #ioError (error: unknown, path: string): void {
    this.#host.error(new LokiSpoolError('LOKI_SPOOL_IO',
      `spool file ${path}: ${(error as Error)?.message}; entries are kept ` +
      'in memory only while it fails', path, error))
  }
}

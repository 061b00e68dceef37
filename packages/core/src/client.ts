import type { Batch } from './batch.js'
import { deliver, type DeliveryContext } from './delivery.js'
import {
  enqueueRecord, laneOf, sending, type ClientInternals,
} from './client-internals.js'
import type { DeliveryReport } from './delivery-report.js'
import { debug } from './diagnostics.js'
import type { LokiEntry } from './entry.js'
import {
  dropOutcome, LokiDropError, type DropReason,
} from './errors.js'
import { setHolding, type ExitAware } from './exit-hook.js'
import { createDispatcher, type PushDispatcher } from './http-dispatcher.js'
import { Lane, type LaneHost } from './lane.js'
import type { LokiClientOptions } from './options.js'
import { OutcomeReporter } from './outcome-reporter.js'
import { EntryPreparer } from './prepare-entry.js'
import { EntryWriter } from './entry-writer.js'
import { Fifo } from './fifo.js'
import { encodeBody, type PushBody } from './push-body.js'
import type { PushOutcome } from './push-outcome.js'
import { sendPush, type PushTarget } from './push-request.js'
import { QueuedEntry } from './queued-entry.js'
import {
  closeDeadline, resolveOptions, type ResolvedOptions,
} from './resolve-options.js'
import { DiskQueue, type SpoolHost } from './spool/disk-queue.js'
import { Counters, type LokiStats } from './stats.js'
import type { StreamLabels } from './stream-labels.js'
import { VERSION } from './version.js'

/**
 * What `push()` returns: `undefined` once the entry is queued, a
 * {@link LokiDropError} when it was dropped at once, or, in `block` mode
 * with a full queue, a promise of either that settles when there is room.
 * The promise never rejects.
 */
export type PushResult =
  | undefined
  | LokiDropError
  | Promise<undefined | LokiDropError>

interface WaitingPush {
  readonly entry: QueuedEntry
  readonly resolve: (result: undefined | LokiDropError) => void
}

interface PendingFlush {
  readonly sequence: number
  readonly resolve: () => void
}

/**
 * Sends log entries to Grafana Loki: a bounded queue, batches by entry
 * count, bytes and age, retries with backoff, and an account of every
 * entry that is not delivered.
 *
 * @example
 * ```ts
 * const client = new LokiClient({ url: 'http://localhost:3100',
 *   labels: { service: 'api' } })
 * client.push({ line: 'hello', labels: { level: 'info' } })
 * await client.close()
 * ```
 */
export class LokiClient implements ExitAware, AsyncDisposable {
  readonly #options: ResolvedOptions
  readonly #counters = new Counters()
  readonly #entries: EntryWriter
  readonly #preparer: EntryPreparer
  readonly #dispatcher: PushDispatcher
  readonly #target: PushTarget
  readonly #lanes = new Map<string, Lane>()
  readonly #laneHost: LaneHost
  readonly #delivery: DeliveryContext
  readonly #waiting = new Fifo<WaitingPush>()
  readonly #flushes: PendingFlush[] = []
  readonly #shutdown = new AbortController()
  readonly #sleeps = new Set<() => void>()
  readonly #report: OutcomeReporter
  /** Where pushes, sent and dropped entries are told: `#report` or a worker's. */
  readonly #delivered: DeliveryReport
  readonly #spool: DiskQueue | undefined
  /** The sequence number of the last entry taken. */
  #latest = 0
  #heldEntries = 0
  #heldBytes = 0
  #inFlightRequests = 0
  #inFlightEntries = 0
  readonly #slotWaiters: (() => void)[] = []
  #closing = false
  #stopped = false
  #closed: Promise<void> | undefined

  /** @throws {LokiOptionsError} when an option is wrong. */
  constructor (options: LokiClientOptions, internals?: ClientInternals) {
    const o = resolveOptions(options)
    this.#options = o
    this.#entries = new EntryWriter(o.encoding,
      (tenant, stream) => this.#laneFor(tenant, stream).arena)
    this.#preparer = new EntryPreparer(o, this.#counters, this.#entries)
    this.#dispatcher = createDispatcher(o)
    const headers: Record<string, string> = {
      ...o.headers,
      'user-agent': `lokits/${VERSION}`,
    }
    if (o.authorization !== undefined) headers['authorization'] = o.authorization
    this.#target = {
      url: o.url,
      dispatcher: this.#dispatcher.dispatcher,
      headers,
      timeoutMs: o.timeoutMs,
      retryRateLimited: o.retry.retryRateLimited,
      now: o.clock.now,
    }
    this.#report = new OutcomeReporter(o, this.#counters)
    this.#delivered = internals?.report ?? this.#report
    this.#laneHost = this.#createLaneHost()
    this.#delivery = this.#createDelivery()
    this.#spool = o.spool === undefined
      ? undefined
      : new DiskQueue(o.spool, this.#createSpoolHost())
    this.#spool?.refill()
  }

  /**
   * Queues one entry. Never throws: a bad entry is fixed or dropped with a
   * counted reason, reported to `onDrop` and returned as a
   * {@link LokiDropError}. See {@link PushResult} for `block` mode.
   */
  push (entry: LokiEntry): PushResult {
    this.#counters.pushed++
    if (this.#closing) return this.#report.droppedAtPush(entry, 'closed')
    const prepared = this.#preparer.prepare(entry, this.#options.clock.now())
    if (typeof prepared === 'string') {
      return this.#report.droppedAtPush(entry, prepared)
    }
    this.#counters.pushedBytes += prepared.size
    this.#latest = prepared.sequence
    if (this.#spool !== undefined) return this.#spool.push(prepared)
    return this.#accept(prepared)
  }

  /**
   * Queues an entry the delivery worker received: prepared, its record
   * written, in the application's thread. The record is copied into the
   * arena of the entry's lane, or with `inPlace` queued where it lies:
   * for a slab whose records all join one lane, which leave it in order
   * and so free the slab as a lane's own arena would be freed.
   */
  [enqueueRecord] (
    tenant: string, stream: StreamLabels, seconds: number, nanos: number,
    record: Buffer, offset: number, size: number,
    sequence: number, queuedAt: number, inPlace: boolean,
  ): PushResult {
    this.#counters.pushed++
    this.#counters.pushedBytes += size
    this.#latest = sequence
    const entry = inPlace
      ? new QueuedEntry(tenant, stream, seconds, nanos, record, offset, size,
        sequence, queuedAt)
      : this.#entries.copy(tenant, stream, seconds, nanos, record, offset,
        size, sequence, queuedAt)
    if (this.#closing) {
      this.#drop([entry], 'closed', undefined)
      return dropOutcome('closed', 1)
    }
    return this.#accept(entry)
  }

  /** See {@link laneOf}. */
  [laneOf] (tenant: string, stream: StreamLabels): object {
    return this.#laneFor(tenant, stream)
  }

  /** See {@link sending}. */
  get [sending] (): boolean {
    let running = 0
    for (const lane of this.#lanes.values()) if (lane.running) running++
    return running > this.#sleeps.size
  }

  /** Queues an entry in memory, or does what `overflow` says. */
  #accept (entry: QueuedEntry): PushResult {
    if (this.#waiting.length === 0 && this.#hasRoom(entry.size)) {
      this.#enqueue(entry)
      return undefined
    }
    return this.#overflow(entry)
  }

  /**
   * Sends everything pushed so far without waiting for batches to fill;
   * resolves when each of those entries is sent or dropped.
   */
  flush (): Promise<void> {
    return this.#flush(true)
  }

  #flush (holdProcess: boolean): Promise<void> {
    const sequence = this.#latest
    if (this.#oldestHeld() > sequence) return Promise.resolve()
    return new Promise((resolve) => {
      // The client's timers never hold the process open, but a caller
      // awaiting flush() wants its entries settled, retries included.
      const keepAlive = holdProcess
        ? setInterval(() => {}, 1_000_000_000)
        : undefined
      this.#flushes.push({
        sequence,
        resolve: () => {
          clearInterval(keepAlive)
          resolve()
        },
      })
      for (const lane of this.#lanes.values()) lane.schedule()
    })
  }

  /**
   * Stops taking entries, sends what is held, and resolves by the
   * deadline. Entries still undelivered then are dropped with reason
   * `shutdown`. Idempotent: later calls return the same promise.
   */
  close (options?: { readonly timeoutMs?: number }): Promise<void> {
    if (this.#closed !== undefined) return this.#closed
    const timeoutMs = closeDeadline(options, this.#options.closeTimeoutMs)
    if (typeof timeoutMs !== 'number') return Promise.reject(timeoutMs)
    this.#closing = true
    this.#closed = this.#close(timeoutMs)
    return this.#closed
  }

  /** Closes with the default deadline (`await using client = ...`). */
  [Symbol.asyncDispose] (): Promise<void> {
    return this.close()
  }

  /** A snapshot of the counters, queue depth and in-flight pushes. */
  stats (): LokiStats {
    const c = this.#counters
    let queuedEntries = 0
    let queuedBytes = 0
    for (const lane of this.#lanes.values()) {
      queuedEntries += lane.queue.length
      queuedBytes += lane.queue.bytes
    }
    const stats = c.snapshot({
      queuedEntries,
      queuedBytes,
      inFlightEntries: this.#inFlightEntries,
      inFlightRequests: this.#inFlightRequests,
      waitingPushes: this.#waiting.length + (this.#spool?.waitingPushes ?? 0),
    })
    return this.#spool === undefined
      ? stats
      : { ...stats, spool: this.#spool.stats() }
  }

  /** @internal The event loop ran dry: send what is held. */
  beforeExit (): void {
    if (this.#closing) return
    void this.#flush(false)
  }

  /** @internal The process is exiting: account for what is held. */
  exit (): void {
    this.#stopped = true
    this.#dropEverything()
    for (const lane of this.#lanes.values()) {
      const batch = lane.inFlight
      if (batch === undefined) continue
      lane.inFlight = undefined
      this.#inFlightEntries -= batch.entries.length
      this.#release(batch.entries)
      this.#drop(batch.entries, 'shutdown', undefined)
    }
    this.#spool?.exit()
    this.#report.close()
  }

  #hasRoom (size: number): boolean {
    const o = this.#options
    return this.#heldEntries < o.maxQueueEntries &&
      // An entry larger than the byte bound alone still gets in when the
      // queue is empty, or it could never be sent.
      (this.#heldBytes + size <= o.maxQueueBytes || this.#heldEntries === 0)
  }

  #overflow (entry: QueuedEntry): PushResult {
    const o = this.#options
    if (o.overflow === 'drop-oldest') {
      while (!this.#hasRoom(entry.size) && this.#dropOldestQueued()) {}
      if (this.#hasRoom(entry.size)) {
        this.#enqueue(entry)
        return undefined
      }
    }
    if (o.overflow !== 'block' || this.#waiting.length >= o.maxQueueEntries) {
      this.#drop([entry], 'queue_full', undefined)
      return dropOutcome('queue_full', 1)
    }
    return new Promise((resolve) => {
      this.#waiting.push({ entry, resolve })
      this.#track()
    })
  }

  #enqueue (entry: QueuedEntry): void {
    this.#heldEntries++
    this.#heldBytes += entry.size
    if (this.#heldEntries === 1) this.#track()
    this.#laneFor(entry.tenant, entry.stream).add(entry)
  }

  #laneFor (tenant: string, stream: StreamLabels): Lane {
    const lanes = this.#options.maxInFlight
    const key = lanes === 1
      ? tenant
      : `${tenant}\u0000${stream.hash % lanes}`
    let lane = this.#lanes.get(key)
    if (lane === undefined) {
      lane = new Lane(tenant, this.#laneHost)
      this.#lanes.set(key, lane)
    }
    return lane
  }

  /** Drops the oldest entry not in flight; false when there is none. */
  #dropOldestQueued (): boolean {
    let oldest: Lane | undefined
    for (const lane of this.#lanes.values()) {
      const head = lane.queue.peek()
      if (head !== undefined &&
          (oldest === undefined ||
           head.sequence < (oldest.queue.peek()?.sequence ?? Infinity))) {
        oldest = lane
      }
    }
    const entry = oldest?.queue.shift()
    if (entry === undefined) return false
    this.#release([entry])
    this.#drop([entry], 'queue_full', undefined)
    return true
  }

  /** Entries left the client (sent or dropped): make room, wake waiters. */
  #release (entries: readonly QueuedEntry[]): void {
    for (const entry of entries) this.#heldBytes -= entry.size
    this.#heldEntries -= entries.length
    this.#spool?.refill()
    // Pushes that waited before close() still get in until the deadline.
    while (this.#waiting.length > 0 && !this.#stopped) {
      const next = this.#waiting.peek() as WaitingPush
      if (!this.#hasRoom(next.entry.size)) break
      this.#waiting.shift()
      this.#enqueue(next.entry)
      next.resolve(undefined)
    }
    this.#settleFlushes()
    this.#track()
  }

  /** The sequence number of the oldest entry still held. */
  #oldestHeld (): number {
    let oldest = Math.min(this.#waiting.peek()?.entry.sequence ?? Infinity,
      this.#spool?.oldestSequence() ?? Infinity)
    for (const lane of this.#lanes.values()) {
      const first = lane.inFlight?.entries[0] ?? lane.queue.peek()
      if (first !== undefined && first.sequence < oldest) {
        oldest = first.sequence
      }
    }
    return oldest
  }

  #settleFlushes (): void {
    if (this.#flushes.length === 0) return
    const oldest = this.#oldestHeld()
    for (let i = this.#flushes.length - 1; i >= 0; i--) {
      const flush = this.#flushes[i] as PendingFlush
      if (flush.sequence < oldest) {
        this.#flushes.splice(i, 1)
        flush.resolve()
      }
    }
  }

  /** Keeps the exit hook informed of whether anything is held. */
  #track (): void {
    setHolding(this, this.#heldEntries > 0 || this.#waiting.length > 0)
  }

  async #close (timeoutMs: number): Promise<void> {
    const { clock } = this.#options
    let timer: unknown
    const deadline = new Promise<void>((resolve) => {
      timer = clock.setTimeout(resolve, timeoutMs)
    })
    // The client's own timers never hold the process open, but a caller
    // awaiting close() wants it to finish: hold it open until the
    // deadline at most.
    const keepAlive = setTimeout(() => {}, timeoutMs)
    await Promise.race([this.#flush(false), deadline])
    clearTimeout(keepAlive)
    clock.clearTimeout(timer)
    if (this.#heldEntries > 0 || this.#waiting.length > 0) {
      debug('close deadline of %d ms reached with %d entries held',
        timeoutMs, this.#heldEntries + this.#waiting.length)
      this.#stopped = true
      this.#shutdown.abort()
      for (const wake of this.#sleeps) wake()
      this.#dropEverything()
      await Promise.all([...this.#lanes.values()].map((lane) => lane.idle()))
    }
    this.#spool?.close()
    setHolding(this, false)
    this.#report.close()
    if (this.#dispatcher.owned) {
      await this.#dispatcher.dispatcher.destroy().catch(() => {})
    }
  }

  /** Drops every entry that is waiting or queued (not those in flight). */
  #dropEverything (): void {
    this.#spool?.dropWaiting()
    const waiting = this.#waiting.drain()
    if (waiting.length > 0) {
      this.#drop(waiting.map((w) => w.entry), 'shutdown', undefined)
      for (const w of waiting) w.resolve(dropOutcome('shutdown', 1))
    }
    for (const lane of this.#lanes.values()) {
      const queued = lane.queue.drain()
      if (queued.length === 0) continue
      this.#release(queued)
      this.#drop(queued, 'shutdown', undefined)
    }
    this.#settleFlushes()
  }

  #drop (
    entries: readonly QueuedEntry[],
    reason: DropReason,
    outcome: PushOutcome | undefined,
  ): void {
    const spool = this.#spool
    if (spool !== undefined) {
      // With a spool, entries a deadline cuts off stay on disk for the
      // next run: they are not dropped.
      if (reason === 'shutdown') entries = spool.keep(entries)
      else spool.settle(entries)
      if (entries.length === 0) return
    }
    const detail = outcome === undefined || outcome.kind === 'sent'
      ? undefined
      : `${outcome.status ?? 'network'} ${outcome.error}`
    this.#delivered.dropped(reason, entries.length, bytesOf(entries), detail,
      () => entries.map((entry) => this.#entries.describe(entry)))
  }

  #createLaneHost (): LaneHost {
    const o = this.#options
    return {
      maxEntries: o.maxEntries,
      maxBytes: o.maxBytes,
      maxWaitMs: o.maxWaitMs,
      encoding: o.encoding,
      now: o.clock.now,
      setTimeout: o.clock.setTimeout,
      clearTimeout: o.clock.clearTimeout,
      flushing: () => this.#flushes.length > 0 || this.#closing,
      acquireSlot: () => {
        if (this.#inFlightRequests < o.maxInFlight) {
          this.#inFlightRequests++
          return undefined
        }
        return new Promise((resolve) => this.#slotWaiters.push(resolve))
      },
      releaseSlot: () => {
        const next = this.#slotWaiters.shift()
        if (next !== undefined) next()
        else this.#inFlightRequests--
      },
      batchDone: () => this.#settleFlushes(),
      encode: (batch) => encodeBody(batch.streams, o.encoding, o.gzip),
      deliver: (batch, body) => {
        this.#inFlightEntries += batch.entries.length
        return deliver(batch, this.#delivery, body)
      },
    }
  }

  #createDelivery (): DeliveryContext {
    const o = this.#options
    return {
      encoding: o.encoding,
      gzip: o.gzip,
      ...o.retry,
      random: o.random,
      send: (body, batch) => this.#send(body, batch),
      sleep: (ms) => this.#sleep(ms),
      stopped: () => this.#stopped,
      sent: (batch) => {
        this.#inFlightEntries -= batch.entries.length
        this.#delivered.sent(batch.entries.length, bytesOf(batch.entries))
        this.#spool?.settle(batch.entries)
        this.#release(batch.entries)
      },
      dropped: (entries, reason, outcome) => {
        this.#inFlightEntries -= entries.length
        this.#release(entries)
        this.#drop(entries, reason, outcome)
      },
      retrying: (info) => this.#delivered.retrying(info),
    }
  }

  #createSpoolHost (): SpoolHost {
    const o = this.#options
    return {
      entries: this.#entries,
      overflow: o.overflow,
      maxWaiting: o.maxQueueEntries,
      maxEntryAgeMs: o.maxEntryAgeMs,
      clock: o.clock,
      hasRoom: (size) => this.#hasRoom(size),
      enqueue: (entry) => this.#enqueue(entry),
      accept: (entry) => this.#accept(entry),
      drop: (entries, reason) => this.#drop(entries, reason, undefined),
      lost: (count) => this.#report.lost('spool_unreadable', count),
      stopped: () => this.#stopped,
      error: (error) => this.#report.error(error),
    }
  }

  async #send (body: PushBody, batch: Batch): Promise<PushOutcome> {
    const tenant = batch.tenant
    const entries = batch.entries.length
    const bytes = body.body.byteLength
    const started = performance.now()
    this.#delivered.pushStarted(tenant, entries, bytes)
    const outcome = await sendPush(this.#target, body, tenant,
      this.#shutdown.signal)
    const ok = outcome.kind === 'sent'
    this.#delivered.pushEnded({
      tenant, entries, bytes,
      status: outcome.status,
      durationMs: performance.now() - started,
      ok,
      error: ok ? '' : outcome.error,
      willRetry: outcome.kind === 'retry' && !this.#stopped,
    })
    return outcome
  }

  #sleep (ms: number): Promise<boolean> {
    if (this.#stopped) return Promise.resolve(false)
    const { clock } = this.#options
    return new Promise((resolve) => {
      const wake = (): void => {
        clock.clearTimeout(timer)
        this.#sleeps.delete(wake)
        resolve(!this.#stopped)
      }
      const timer = clock.setTimeout(wake, ms)
      this.#sleeps.add(wake)
    })
  }
}

function bytesOf (entries: readonly QueuedEntry[]): number {
  let bytes = 0
  for (const entry of entries) bytes += entry.size
  return bytes
}

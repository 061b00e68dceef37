import { existsSync } from 'node:fs'
import {
  MessageChannel, Worker, receiveMessageOnPort, type MessagePort,
} from 'node:worker_threads'
import { inBuild } from './build-dir.cjs'
import type { PushResult } from './client.js'
import { debug } from './diagnostics.js'
import type { LokiEntry } from './entry.js'
import { EntryWriter } from './entry-writer.js'
import { Fifo } from './fifo.js'
import { dropOutcome, LokiDropError, LokiOptionsError } from './errors.js'
import { setHolding, type ExitAware } from './exit-hook.js'
import type { LokiClientOptions } from './options.js'
import { OutcomeReporter } from './outcome-reporter.js'
import { EntryPreparer } from './prepare-entry.js'
import { QueuedEntry } from './queued-entry.js'
import { RecordOutbox } from './record-outbox.js'
import {
  closeDeadline, resolveOptions, type ResolvedOptions,
} from './resolve-options.js'
import { Counters, type LokiStats } from './stats.js'
import {
  ENTRY_FIELDS, EXIT_ASKED, EXIT_DONE, type FromWorker, type ToWorker,
  type WorkerEvent, type WorkerSetup, type WorkerState,
} from './worker-messages.js'

interface WaitingPush {
  readonly size: number
  readonly resolve: (result: undefined | LokiDropError) => void
}

// Record bytes waiting in the outbox that make it cross at once, rather
// than at the end of the turn.
const POST_BYTES = 256 * 1024
// How long close() waits for the worker past its own deadline before it
// gives up on it.
const CLOSE_GRACE_MS = 1000
// How long an exiting process waits for the worker to say what became of
// the entries it held, before it counts them all as cut off.
const EXIT_WAIT_MS = 200
// Workers started again after one stopped unasked; past this, entries
// are dropped rather than handed to a worker that keeps failing.
const MAX_RESTARTS = 3

const WORKER_FILE = inBuild('delivery-worker.js')

const IDLE: WorkerState = {
  receivedEntries: 0, receivedBytes: 0, queuedEntries: 0, queuedBytes: 0,
  inFlightEntries: 0, inFlightRequests: 0, sending: false,
}

// Options that live in the calling thread and cannot be handed to a
// worker: objects with behaviour, and the spool's promise that an entry
// is on disk before `push()` returns.
const CALLER_THREAD_OPTIONS = ['dispatcher', 'clock', 'random', 'spool'] as
  const

/**
 * A client whose batching, encoding and pushes run in a worker thread of
 * its own: the calling thread only prepares each entry (labels, unique
 * timestamp, its record written once) and hands it over, so that
 * compression and HTTP never take the application's event loop. Counters,
 * hooks, drop reports and diagnostics channels stay in the calling
 * thread, exactly as with {@link LokiClient}, and the queue bounds hold
 * for entries on their way to the worker too.
 *
 * What differs: `push()` answers for the hand-over (a drop decided in the
 * worker reaches `onDrop` and `stats()`, not the return value), and
 * `stats()` shows the worker's queue as it last reported it. Options that
 * cannot cross threads (`dispatcher`, `clock`, `random`, `spool`) are
 * refused: use {@link LokiClient} for them.
 *
 * @example
 * ```ts
 * const client = new LokiWorkerClient({ url: 'http://localhost:3100' })
 * client.push({ line: 'hello', labels: { level: 'info' } })
 * await client.close()
 * ```
 */
export class LokiWorkerClient implements ExitAware, AsyncDisposable {
  readonly #options: ResolvedOptions
  readonly #exitFlags = new SharedArrayBuffer(8)
  readonly #workerOptions: LokiClientOptions
  readonly #counters = new Counters()
  readonly #report: OutcomeReporter
  readonly #entries: EntryWriter
  readonly #preparer: EntryPreparer
  readonly #outbox = new RecordOutbox()
  readonly #waiting = new Fifo<WaitingPush>()
  readonly #flushes = new Map<number, () => void>()
  #worker: Worker
  /** Where the current worker's reports arrive. */
  #reports: MessagePort
  #state: WorkerState = IDLE
  /** Entries handed over (outbox, on the way, in the worker), unsettled. */
  #held = 0
  #heldBytes = 0
  #waitingBytes = 0
  /** Entries and record bytes posted to the worker since it started. */
  #postedEntries = 0
  #postedBytes = 0
  #posting: NodeJS.Immediate | undefined
  #nextFlush = 0
  /** Messages the worker is yet to acknowledge. */
  #expecting = 0
  /** Set by `beforeExit` until the worker says what the flush began. */
  #exitFlush = false
  /** `pushed` when an exit flush found the worker with nothing to do. */
  #idleAt = -1
  #restarts = 0
  /** Why the worker is given up on, once it failed too often. */
  #broken: string | undefined
  #closing = false
  #closed: Promise<void> | undefined
  #onClosed: (() => void) | undefined

  /** @throws {LokiOptionsError} when an option is wrong. */
  constructor (options: LokiClientOptions) {
    const o = resolveOptions(options)
    for (const name of CALLER_THREAD_OPTIONS) {
      if (options[name] !== undefined) {
        throw new LokiOptionsError(name, 'cannot be used with a delivery ' +
          'worker (use LokiClient)', options[name])
      }
    }
    if (!existsSync(WORKER_FILE)) {
      throw new LokiOptionsError('worker', 'needs the delivery worker\'s ' +
        'file beside the package\'s code (a bundler may have left it out)',
      WORKER_FILE)
    }
    this.#options = o
    this.#report = new OutcomeReporter(o, this.#counters)
    // The entry written is read at once by the outbox, or copied.
    this.#entries = new EntryWriter(o.encoding, () => this.#outbox.arena,
      true)
    this.#preparer = new EntryPreparer(o, this.#counters, this.#entries)
    const workerOnly = workerOptions(options)
    const { worker, reports } = this.#startWorker(workerOnly)
    this.#worker = worker
    this.#reports = reports
    this.#workerOptions = workerOnly
  }

  /**
   * Prepares one entry and hands it to the worker. Never throws: a bad
   * entry is fixed or dropped with a counted reason. In `block` mode with
   * the bounds reached, the promise settles once the worker has made room
   * (or the client closed).
   */
  push (entry: LokiEntry): PushResult {
    this.#counters.pushed++
    if (this.#closing) return this.#report.droppedAtPush(entry, 'closed')
    const prepared = this.#preparer.prepare(entry, this.#options.clock.now())
    if (typeof prepared === 'string') {
      return this.#report.droppedAtPush(entry, prepared)
    }
    this.#counters.pushedBytes += prepared.size
    this.#idleAt = -1
    return this.#admit(prepared)
  }

  /**
   * Sends everything pushed so far without waiting for batches to fill;
   * resolves when each of those entries is sent or dropped.
   */
  flush (): Promise<void> {
    if (this.#held === 0) return Promise.resolve()
    return new Promise((resolve) => {
      // An awaited flush holds the process until its entries settle.
      const keepAlive = setInterval(() => {}, 1_000_000_000)
      this.#requestFlush(() => {
        clearInterval(keepAlive)
        resolve()
      })
    })
  }

  /**
   * Stops taking entries, lets the worker send what is held by the
   * deadline, and resolves; entries still undelivered then are dropped
   * with reason `shutdown`. Idempotent.
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

  /** A snapshot of the counters, the queue and the worker's pushes. */
  stats (): LokiStats {
    const s = this.#state
    const waiting = this.#waiting.length
    const inFlight = Math.min(s.inFlightEntries, this.#held - waiting)
    const onTheWay = this.#postedBytes - s.receivedBytes
    return this.#counters.snapshot({
      queuedEntries: this.#held - waiting - inFlight,
      queuedBytes: s.queuedBytes + onTheWay + this.#outbox.bytes,
      inFlightEntries: inFlight,
      inFlightRequests: s.inFlightRequests,
      waitingPushes: waiting,
    })
  }

  /** @internal The event loop ran dry: let the worker send what is held. */
  beforeExit (): void {
    // The last exit flush found nothing to do, and nothing came since:
    // asking again would only keep the loop turning.
    if (this.#closing || this.#idleAt === this.#counters.pushed) return
    this.#exitFlush = true
    this.#requestFlush(() => {})
  }

  /**
   * @internal The process is exiting. The worker is asked, through shared
   * memory, to report everything now and to count what it holds as
   * `shutdown`, which it does in its own thread while this one waits a
   * moment; the reports are then read without the event loop. What is
   * still held after that (the worker did not answer in time, or the
   * outbox never crossed) is counted as `shutdown` here.
   */
  exit (): void {
    if (this.#held > 0 && this.#closed === undefined) {
      this.#readReports()
      const flags = new Int32Array(this.#exitFlags)
      Atomics.store(flags, EXIT_ASKED, 1)
      Atomics.notify(flags, EXIT_ASKED)
      Atomics.wait(flags, EXIT_DONE, 0, EXIT_WAIT_MS)
      this.#readReports()
    }
    if (this.#held > 0) this.#report.lost('shutdown', this.#held)
    this.#held = 0
    this.#heldBytes = 0
    this.#report.close()
  }

  /** Applies the reports that have arrived, without the event loop. */
  #readReports (): void {
    for (;;) {
      const received = receiveMessageOnPort(this.#reports)
      if (received === undefined) return
      this.#receive(received.message as FromWorker)
    }
  }

  #admit (entry: QueuedEntry): PushResult {
    const o = this.#options
    if (this.#broken !== undefined) {
      this.#report.dropped('shutdown', 1, entry.size, this.#broken,
        () => [this.#entries.describe(entry)])
      return dropOutcome('shutdown', 1, this.#broken)
    }
    if (o.overflow === 'drop-oldest') return this.#admitDroppingOldest(entry)
    if (this.#waiting.length === 0 && this.#hasRoom(entry.size)) {
      this.#handOver(entry)
      return undefined
    }
    if (o.overflow !== 'block' || this.#waiting.length >= o.maxQueueEntries) {
      return this.#dropNew(entry)
    }
    // The entry goes to the worker now, in its order; the caller waits
    // until it is within the bounds, as it would for LokiClient.
    this.#handOver(entry)
    this.#waitingBytes += entry.size
    return new Promise((resolve) => {
      this.#waiting.push({ size: entry.size, resolve })
    })
  }

  /**
   * `drop-oldest`: the worker keeps its own queue within the bounds by
   * dropping its oldest entries, so only what is on its way there is
   * bounded here, by the oldest entry that has not left the outbox. Held
   * entries may then reach twice the bounds, while the worker catches up.
   */
  #admitDroppingOldest (written: QueuedEntry): PushResult {
    // onDrop may push again while room is made, writing over the entry.
    const entry = this.#onTheWayHasRoom(written.size)
      ? written
      : QueuedEntry.copyOf(written)
    while (!this.#onTheWayHasRoom(entry.size)) {
      const oldest = this.#outbox.dropOldest()
      if (oldest === undefined) return this.#dropNew(entry)
      this.#report.dropped('queue_full', 1, oldest.size, undefined,
        () => [this.#entries.describe(oldest)])
      this.#settle(1, oldest.size)
    }
    this.#handOver(entry)
    return undefined
  }

  #dropNew (entry: QueuedEntry): LokiDropError {
    this.#report.dropped('queue_full', 1, entry.size, undefined,
      () => [this.#entries.describe(entry)])
    return dropOutcome('queue_full', 1)
  }

  #hasRoom (size: number): boolean {
    return this.#fits(this.#held, this.#heldBytes, size)
  }

  /** Room among the entries in the outbox and on their way to the worker. */
  #onTheWayHasRoom (size: number): boolean {
    const s = this.#state
    return this.#fits(
      this.#outbox.count + this.#postedEntries - s.receivedEntries,
      this.#outbox.bytes + this.#postedBytes - s.receivedBytes, size)
  }

  #fits (entries: number, bytes: number, size: number): boolean {
    const o = this.#options
    // One entry larger than the byte bound still goes when nothing else
    // is held, or it could never be sent.
    return entries < o.maxQueueEntries &&
      (bytes + size <= o.maxQueueBytes || entries === 0)
  }

  #handOver (entry: QueuedEntry): void {
    this.#held++
    this.#heldBytes += entry.size
    if (this.#held === 1) setHolding(this, true)
    this.#outbox.add(entry)
    if (this.#outbox.bytes >= POST_BYTES) this.#post()
    else this.#posting ??= setImmediate(() => this.#post())
  }

  #post (): void {
    if (this.#posting !== undefined) {
      clearImmediate(this.#posting)
      this.#posting = undefined
    }
    const taken = this.#outbox.take()
    if (taken === undefined) return
    this.#postedEntries += taken.message.meta.length / ENTRY_FIELDS
    this.#postedBytes += taken.bytes
    this.#send(taken.message, taken.transfer)
  }

  /**
   * Posts to the worker, which acknowledges what it received (entries, a
   * flush): until then the process is held, as a request in flight would.
   */
  #send (message: ToWorker, transfer: ArrayBuffer[] = []): void {
    this.#worker.postMessage(message, transfer)
    if (message.type === 'close') return
    this.#expecting++
    this.#reports.ref()
  }

  #requestFlush (done: () => void): void {
    this.#post()
    const id = this.#nextFlush++
    this.#flushes.set(id, done)
    this.#send({ type: 'flush', id })
  }

  /**
   * Keeps the process up while the worker works for it: an answer is due,
   * or a batch is being encoded or pushed. Not while it waits for a batch
   * to fill or sleeps in a backoff, as a LokiClient's timers do not.
   */
  #holdWhileSending (): void {
    if (this.#closing) return
    if (this.#expecting > 0 || this.#state.sending) this.#reports.ref()
    else this.#reports.unref()
  }

  #receive (message: FromWorker): void {
    // The state is the worker's after all these events.
    this.#state = message.state
    for (const event of message.events) this.#apply(event)
    this.#holdWhileSending()
  }

  #apply (event: WorkerEvent): void {
    const report = this.#report
    switch (event.type) {
      case 'started':
        report.pushStarted(event.tenant, event.entries, event.bytes)
        break
      case 'ended':
        report.pushEnded(event.push)
        break
      case 'sent':
        report.sent(event.count, event.bytes)
        this.#settle(event.count, event.bytes)
        break
      case 'dropped':
        report.dropped(event.reason, event.count, event.bytes, event.detail,
          () => [...event.entries])
        this.#settle(event.count, event.bytes)
        break
      case 'retry':
        report.retrying(event.info)
        break
      case 'received':
        this.#expecting--
        break
      case 'flushing':
        this.#expecting--
        // A flush that began nothing: the worker only waits (a backoff).
        if (this.#exitFlush && !this.#state.sending) {
          this.#idleAt = this.#counters.pushed
        }
        this.#exitFlush = false
        break
      case 'flushed':
        this.#flushes.get(event.id)?.()
        this.#flushes.delete(event.id)
        break
      case 'closed':
        this.#onClosed?.()
        break
    }
  }

  /** Entries left the worker: make room, let waiting pushes go on. */
  #settle (count: number, bytes: number): void {
    this.#held -= count
    this.#heldBytes -= bytes
    const o = this.#options
    while (this.#waiting.length > 0) {
      const next = this.#waiting.peek() as WaitingPush
      const admitted = this.#held - this.#waiting.length
      const admittedBytes = this.#heldBytes - this.#waitingBytes
      if (admitted >= o.maxQueueEntries ||
          (admittedBytes + next.size > o.maxQueueBytes && admitted > 0)) {
        break
      }
      this.#waiting.shift()
      this.#waitingBytes -= next.size
      next.resolve(undefined)
    }
    if (this.#held === 0) setHolding(this, false)
  }

  async #close (timeoutMs: number): Promise<void> {
    const closed = new Promise<void>((resolve) => {
      this.#onClosed = resolve
    })
    // The worker's deadline is the client's; this one only ends a close
    // whose worker no longer answers.
    let timer: NodeJS.Timeout | undefined
    const gaveUp = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs + CLOSE_GRACE_MS)
    })
    this.#post()
    this.#send({ type: 'close', timeoutMs })
    this.#reports.ref()
    await Promise.race([closed, gaveUp])
    clearTimeout(timer)

    this.#readReports()
    if (this.#held > 0) {
      debug('the delivery worker did not account for %d entries by the ' +
        'close deadline', this.#held)
      this.#report.lost('shutdown', this.#held)
      this.#settle(this.#held, this.#heldBytes)
    }
    // Pushes still waiting were handed over; the worker has settled them.
    for (const waiting of this.#waiting.drain()) waiting.resolve(undefined)
    for (const done of this.#flushes.values()) done()
    this.#flushes.clear()
    setHolding(this, false)
    this.#report.close()
    this.#reports.close()
    await this.#worker.terminate()
  }

  #startWorker (options: LokiClientOptions):
    { worker: Worker, reports: MessagePort } {
    const { port1: reports, port2 } = new MessageChannel()
    const setup: WorkerSetup = {
      options,
      describeDrops: this.#report.describesDrops,
      reports: port2,
      exitFlags: this.#exitFlags,
    }
    const worker = new Worker(WORKER_FILE,
      { workerData: setup, transferList: [port2] })
    reports.on('message', (message: FromWorker) => this.#receive(message))
    worker.on('error', (error) => this.#failed(worker, error))
    worker.on('exit', () => this.#failed(worker, undefined))
    // The worker never holds the process; its reports port does while an
    // answer is due (after the listener, which refs it).
    worker.unref()
    reports.unref()
    return { worker, reports }
  }

  /**
   * The worker stopped without being asked to. What it held is counted as
   * `shutdown`, and a new worker takes the entries pushed from now on; one
   * that keeps failing is given up on, and later entries are dropped.
   */
  #failed (worker: Worker, error: Error | undefined): void {
    if (worker !== this.#worker || this.#closed !== undefined) return
    const why = `the delivery worker stopped: ${error?.message ?? 'exited'}`
    debug('%s', why)
    this.#readReports()
    this.#reports.close()
    const lost = this.#held - this.#outbox.count
    if (lost > 0) {
      this.#report.dropped('shutdown', lost, 0, why, () => [])
      this.#settle(lost, this.#heldBytes - this.#outbox.bytes)
    }
    this.#postedEntries = 0
    this.#postedBytes = 0
    this.#state = IDLE
    this.#expecting = 0
    if (++this.#restarts > MAX_RESTARTS) {
      this.#broken = why
      const left = this.#outbox.take()
      if (left !== undefined) {
        this.#report.dropped('shutdown', left.message.meta.length /
          ENTRY_FIELDS, left.bytes, why, () => [])
        this.#settle(this.#held, this.#heldBytes)
      }
      for (const done of this.#flushes.values()) done()
      this.#flushes.clear()
      return
    }
    const { worker: next, reports } = this.#startWorker(this.#workerOptions)
    this.#worker = next
    this.#reports = reports
    for (const [id] of this.#flushes) this.#send({ type: 'flush', id })
  }
}

// What the worker's client needs: how to reach Loki, how to batch, queue
// and retry. Labels, limits on entries and timestamps apply where entries
// are prepared; hooks and drop reports stay where they are counted.
const WORKER_OPTIONS = [
  'url', 'encoding', 'gzip', 'tenant', 'basicAuth', 'bearerToken', 'headers',
  'tls', 'proxy', 'timeoutMs', 'maxEntries', 'maxBytes', 'maxWaitMs',
  'maxInFlight', 'maxQueueEntries', 'maxQueueBytes', 'overflow', 'retry',
  'closeTimeoutMs',
] as const satisfies readonly (keyof LokiClientOptions)[]

/** The options the worker gets: those it needs, all of them cloneable. */
function workerOptions (options: LokiClientOptions): LokiClientOptions {
  const picked: Record<string, unknown> = { onDropReport: false }
  for (const name of WORKER_OPTIONS) {
    if (options[name] !== undefined) picked[name] = options[name]
  }
  return picked as unknown as LokiClientOptions
}

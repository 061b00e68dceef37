import {
  DEFAULT_CLOSE_TIMEOUT_MS, LokiClient, LokiDropError, LokiOptionsError,
  LokiWorkerClient, type LokiClientOptions, type LokiStats,
} from '@lokits/core'
import TransportStream from 'winston-transport'
import { handlerWillExit, isCrashInfo } from './crash-info.js'
import { dropWarnings } from './drop-warnings.js'
import { EntryBuilder } from './entry-builder.js'
import { formatInfo } from './format-info.js'
import type { LokiTransportOptions } from './options.js'
import { resolveEntryOptions, winstonOptions } from './resolve-options.js'
import type { WinstonInfo } from './winston-info.js'

/**
 * A winston transport that ships every info to Grafana Loki through a
 * `LokiClient`: bounded memory, batches, retries, and an account of every
 * entry that is not delivered.
 *
 * Events: `'logged'` (info) when an entry is queued; `'warn'` (a
 * `DropReport`) when entries are dropped, which a winston logger re-emits
 * as its own `'warn'`. Drop reports are rate-limited like `onDropReport`:
 * the first drop at once, then a summary per `dropReportIntervalMs`, so a
 * listener that logs them cannot feed a storm. It never emits `'error'`:
 * winston would turn an unhandled one into a crash of the application.
 *
 * @example
 * ```js
 * const logger = winston.createLogger({
 *   defaultMeta: { service: 'api' },
 *   transports: [new LokiTransport({ url: 'http://localhost:3100',
 *     labels: { app: 'shop' }, labelKeys: ['service'] })],
 * })
 * ```
 */
export class LokiTransport extends TransportStream {
  /** Set by winston's exception and rejection handlers. @internal */
  declare _ending?: boolean
  /** The logger this transport is piped from (set by winston-transport). */
  declare parent?: ParentLogger | null
  /** winston-transport's filter: `silent`, level, `handleExceptions`. */
  declare _accept: (write: { readonly chunk: WinstonInfo | undefined }) =>
    boolean
  /** readable-stream's state of the writable side. */
  declare _writableState: { needDrain: boolean } | undefined

  readonly #client: LokiClient | LokiWorkerClient
  readonly #entries: EntryBuilder
  readonly #closeTimeoutMs: number
  /** Handed to `_accept` for each write, rather than a new object. */
  readonly #write: { chunk: WinstonInfo | undefined } = { chunk: undefined }
  /** Writes waiting for room in the queue (`block`); 'drain' at zero. */
  #waitingWrites = 0
  /** The arguments of an `end()` put off until the logger hands over all. */
  #endArgs: unknown[] | undefined
  #endDeadline: NodeJS.Timeout | undefined
  #endDeadlineAt: number | undefined

  /** @throws {LokiOptionsError} when an option is wrong. */
  constructor (options: LokiTransportOptions) {
    super(winstonOptions(options))
    this.#entries = new EntryBuilder(resolveEntryOptions(options))
    this.#closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS
    const clientOptions: LokiClientOptions = {
      ...options,
      onDropReport: dropWarnings(options.onDropReport,
        (report) => this.emit('warn', report)),
    }
    this.#client = inWorker(options)
      ? new LokiWorkerClient(clientOptions)
      : new LokiClient(clientOptions)
  }

  /**
   * Ships one info, already formatted. Never throws. `next` is called once
   * the entry is queued, or dropped and reported; with `overflow: 'block'`
   * and a full queue, only once there is room.
   */
  override log (info: WinstonInfo, next: () => void): void {
    const room = this.#push(info)
    if (room === undefined) next()
    else void room.then(next)
  }

  /**
   * Takes one info from the logger: filtered by level, formatted and
   * pushed at once, never throwing out of a log call. The info does not
   * pass through the stream's own buffer: the client's queue is the
   * buffer, bounded as its options say, so the writable side's state
   * machine (a buffered write, a callback, a tick) would only add work to
   * every log call. Returns false while a push waits for room (`block`),
   * and emits 'drain' once none does, as a writable stream would.
   */
  override write (info: unknown, encoding?: unknown, callback?: unknown):
    boolean {
    const done = typeof encoding === 'function' ? encoding : callback
    const room = this.#take(info as WinstonInfo)
    if (typeof done === 'function') {
      if (room === undefined) process.nextTick(done as () => void)
      else void room.then(done as () => void)
    }
    return this.#waitingWrites === 0
  }

  /** A write that reached the stream's own path: taken the same way. */
  override _write (
    info: WinstonInfo, _encoding: unknown, callback: () => void,
  ): void {
    const room = this.#take(info)
    if (room === undefined) callback()
    else void room.then(callback)
  }

  /**
   * winston's `logger.end()` ends each transport as soon as the logger's
   * own writes are done, while up to a buffer's worth of infos (16) may
   * still wait in the logger for this transport to take them: after
   * backpressure, they would be unpiped and lost without a trace. So the
   * end is put off until the logger holds nothing more, by
   * `closeTimeoutMs` at most: then the queue is closed, entries still
   * waiting for room are dropped and reported (`shutdown`), and what the
   * logger hands over after that is dropped and reported (`closed`).
   */
  override end (cb?: () => void): this
  override end (chunk: unknown, cb?: () => void): this
  override end (chunk: unknown, encoding: BufferEncoding, cb?: () => void):
    this
  override end (...args: unknown[]): this {
    if (this.#endArgs !== undefined) return this
    if (!this.#loggerHolds()) return super.end(...args as [])
    this.#endArgs = args
    this.#endDeadlineAt = Date.now() + this.#closeTimeoutMs
    this.#endDeadline = setTimeout(() => {
      void this.#client.close({ timeoutMs: 0 })
    }, this.#closeTimeoutMs).unref()
    return this
  }

  /**
   * Sends everything logged so far without waiting for batches to fill;
   * resolves when each of those entries is delivered or dropped.
   */
  flush (): Promise<void> {
    return this.#client.flush()
  }

  /**
   * Stops taking entries and delivers what is held, by `timeoutMs` (the
   * `closeTimeoutMs` option by default); what is still held then is
   * dropped and reported with reason `shutdown`. winston calls it when
   * the transport is removed and on `logger.close()`, without waiting:
   * await it to know the entries are delivered. Idempotent.
   */
  override close (options?: { readonly timeoutMs?: number }): Promise<void> {
    return this.#client.close(options)
  }

  /** Closes with the default deadline (`await using transport = ...`). */
  [Symbol.asyncDispose] (): Promise<void> {
    return this.close()
  }

  /** A snapshot of the client's counters: sent, dropped by reason, queue. */
  stats (): LokiStats {
    return this.#client.stats()
  }

  /**
   * `logger.end()` ends each transport and waits for its 'finish': holding
   * 'finish' until the client is closed makes the logger's own 'finish'
   * mean delivered, not merely handed over.
   */
  override _final (callback: (error?: Error | null) => void): void {
    // A put-off end has used part of the deadline already.
    const at = this.#endDeadlineAt
    const options = at === undefined
      ? undefined
      : { timeoutMs: Math.max(0, Math.ceil(at - Date.now())) }
    void this.#client.close(options).then(() => callback())
  }

  #loggerHolds (): boolean {
    return (this.parent?.readableLength ?? 0) > 0
  }

  #endWhenHandedOver (): void {
    if (this.#endArgs === undefined || this.#loggerHolds()) return
    clearTimeout(this.#endDeadline)
    // Ends after the writes buffered so far, the last handed over included.
    super.end(...this.#endArgs as [])
  }

  /**
   * Filters, formats and pushes one info. Undefined when that is done
   * (queued, filtered out, or dropped and reported); while the push waits
   * for room (`block`), a promise that resolves once it has it.
   */
  #take (info: WinstonInfo): Promise<void> | undefined {
    this.#endWhenHandedOver()
    const write = this.#write
    write.chunk = info
    const accepted = this._accept(write)
    write.chunk = undefined
    const shipped = accepted ? this.#formatted(info) : undefined
    if (shipped === undefined) return undefined
    const room = this.#push(shipped)
    if (room === undefined) return undefined
    if (this.#waitingWrites++ === 0) this.#needDrain(true)
    return room.then(() => this.#resume())
  }

  /** A write that waited for room has it: 'drain' once none waits. */
  #resume (): void {
    if (--this.#waitingWrites > 0) return
    this.#needDrain(false)
    this.emit('drain')
  }

  /**
   * Says in the writable state whether a 'drain' is due, as the stream's
   * own writes do: a logger that unpipes this transport while it waits
   * for one reads it, to resume its other transports.
   */
  #needDrain (due: boolean): void {
    const state = this._writableState
    if (state !== undefined) state.needDrain = due
  }

  /** The info as the transport's own format makes it, if it has one. */
  #formatted (info: WinstonInfo): WinstonInfo | undefined {
    return this.format === undefined ? info : formatInfo(this.format, info)
  }

  /**
   * Pushes one entry. Undefined when that is done now (queued, or dropped
   * and reported); while it waits for room, a promise that resolves once
   * it has it. Closures are made only then, not for every entry.
   */
  #push (info: WinstonInfo): Promise<void> | undefined {
    const result = this.#client.push(this.#entries.build(info))
    if (isCrashInfo(this, info)) this.#deliverCrash()
    if (result === undefined) {
      this.#logged(info)
      return undefined
    }
    if (result instanceof LokiDropError) return undefined
    // A PushResult promise never rejects.
    return result.then((dropped) => {
      if (dropped === undefined) this.#logged(info)
    })
  }

  /**
   * Emits 'logged', when anyone listens: an emit with no listener still
   * gathers its arguments, on every log call.
   */
  #logged (info: WinstonInfo): void {
    if (this.listenerCount('logged') > 0) this.emit('logged', info)
  }

  /**
   * Sends the crash entry now rather than when its batch fills, then
   * signals 'finish', the event winston's handler waits for before it
   * exits. The signal also unpipes the transport, so it is given only when
   * the process is about to exit.
   */
  #deliverCrash (): void {
    void this.#client.flush().then(() => {
      if (handlerWillExit(this)) this.emit('finish')
    })
  }
}

// Options whose objects live in the application's thread: with one of
// them, the client runs there too unless `worker: true` asks otherwise.
const CALLER_THREAD_OPTIONS = ['spool', 'dispatcher', 'clock', 'random'] as
  const

/** Whether the transport's client runs in a delivery worker. */
function inWorker (options: LokiTransportOptions): boolean {
  const { worker } = options
  if (worker !== undefined && typeof worker !== 'boolean') {
    throw new LokiOptionsError('worker', 'must be a boolean', worker)
  }
  return worker ?? CALLER_THREAD_OPTIONS.every((name) =>
    options[name] === undefined)
}

/** What the transport reads of the winston logger it is piped from. */
interface ParentLogger {
  readonly exitOnError?: unknown
  /** Infos the logger holds that its transports have not taken yet. */
  readonly readableLength?: number
}

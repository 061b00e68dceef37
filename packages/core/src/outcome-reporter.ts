import { channels, debug } from './diagnostics.js'
import { DropReporter } from './drop-report.js'
import type { LokiEntry } from './entry.js'
import type { EntryWriter } from './entry-writer.js'
import {
  LokiDropError, LokiPushError, type DropReason, type LokiError,
} from './errors.js'
import type { DroppedEntry, RetryInfo } from './options.js'
import type { PushOutcome } from './push-outcome.js'
import type { QueuedEntry } from './queued-entry.js'
import type { ResolvedOptions } from './resolve-options.js'
import type { Counters } from './stats.js'
import { nanosecondString } from './timestamp.js'

/**
 * Tells everyone who listens what became of entries and pushes: the
 * counters, the user's hooks, the diagnostics channels, `NODE_DEBUG` and
 * the rate-limited drop reports. One place, so that no drop can be
 * counted without being reported, or the other way round.
 */
export class OutcomeReporter {
  readonly #options: ResolvedOptions
  readonly #counters: Counters
  readonly #entries: EntryWriter
  readonly #dropReports: DropReporter | undefined

  constructor (
    options: ResolvedOptions, counters: Counters, entries: EntryWriter,
  ) {
    this.#options = options
    this.#counters = counters
    this.#entries = entries
    this.#dropReports = options.onDropReport === undefined
      ? undefined
      : new DropReporter(options.onDropReport, options.dropReportIntervalMs,
        options.clock)
  }

  /** Counts and reports an entry dropped before it was queued. */
  droppedAtPush (entry: LokiEntry, reason: DropReason): LokiDropError {
    const error = new LokiDropError(reason, 1)
    this.#dropped(reason, 1, () => [{
      tenant: String(entry?.tenant ?? this.#options.tenant),
      stream: '',
      timestamp: '',
      line: typeof entry?.line === 'string' ? entry.line : String(entry?.line),
    }], error)
    return error
  }

  /** Counts and reports queued entries that will not be delivered. */
  dropped (
    entries: readonly QueuedEntry[],
    reason: DropReason,
    outcome: PushOutcome | undefined,
  ): void {
    const detail = outcome === undefined || outcome.kind === 'sent'
      ? undefined
      : `${outcome.status ?? 'network'} ${outcome.error}`
    this.#dropped(reason, entries.length,
      () => entries.map((entry) => this.#toDropped(entry)),
      new LokiDropError(reason, entries.length, detail))
  }

  /** Counts and reports entries lost without being known one by one. */
  lost (reason: DropReason, count: number): void {
    this.#dropped(reason, count, () => [], new LokiDropError(reason, count))
  }

  /** A push that did not succeed; `willRetry` says what comes next. */
  pushFailed (
    tenant: string,
    entries: number,
    status: number | undefined,
    error: string,
    willRetry: boolean,
  ): void {
    const message = `push of ${entries} entries failed: ` +
      `${status ?? 'no answer'} ${error}`
    this.#counters.lastError =
      { message, status, time: this.#options.clock.now() }
    if (channels.pushError.hasSubscribers) {
      channels.pushError.publish({ tenant, entries, status, error, willRetry })
    }
    this.error(new LokiPushError(message, { status, body: error, willRetry }))
  }

  retrying (info: RetryInfo): void {
    this.#counters.retries++
    debug('retry %d in %d ms after %s', info.attempt, info.delayMs,
      info.status ?? info.error)
    if (channels.retry.hasSubscribers) channels.retry.publish(info)
    const { onRetry } = this.#options
    if (onRetry !== undefined) callHook(() => onRetry(info))
  }

  error (error: LokiError): void {
    const { onError } = this.#options
    if (onError !== undefined) callHook(() => onError(error))
  }

  /** Sends the pending drop summary now and stops the interval. */
  close (): void {
    this.#dropReports?.close()
  }

  #toDropped (entry: QueuedEntry): DroppedEntry {
    return {
      tenant: entry.tenant,
      stream: entry.stream.key,
      timestamp: nanosecondString(entry.seconds, entry.nanos),
      line: this.#entries.read(entry).line,
    }
  }

  #dropped (
    reason: DropReason,
    count: number,
    entries: () => DroppedEntry[],
    error: LokiDropError,
  ): void {
    this.#counters.countDrop(reason, count)
    debug('dropped %d entries: %s', count, reason)
    if (channels.drop.hasSubscribers) channels.drop.publish({ reason, count })
    this.#dropReports?.add(reason, count)
    const { onDrop } = this.#options
    if (onDrop !== undefined) callHook(() => onDrop(entries(), reason))
    this.error(error)
  }
}

// A hook that throws must not break delivery or lose the account.
function callHook (call: () => void): void {
  try {
    call()
  } catch (error) {
    debug('a hook threw: %s', (error as Error)?.message)
  }
}

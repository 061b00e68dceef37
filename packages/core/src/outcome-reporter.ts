import type { DeliveryReport, PushEnd } from './delivery-report.js'
import { channels, debug } from './diagnostics.js'
import { DropReporter } from './drop-report.js'
import type { LokiEntry } from './entry.js'
import {
  dropOutcome, LokiDropError, LokiPushError, type DropReason,
  type LokiError,
} from './errors.js'
import type { DroppedEntry, RetryInfo } from './options.js'
import type { ResolvedOptions } from './resolve-options.js'
import type { Counters } from './stats.js'

/**
 * Tells everyone who listens what became of entries and pushes: the
 * counters, the user's hooks, the diagnostics channels, `NODE_DEBUG` and
 * the rate-limited drop reports. One place, so that no drop can be
 * counted without being reported, or the other way round.
 */
export class OutcomeReporter implements DeliveryReport {
  readonly #options: ResolvedOptions
  readonly #counters: Counters
  readonly #dropReports: DropReporter | undefined

  constructor (options: ResolvedOptions, counters: Counters) {
    this.#options = options
    this.#counters = counters
    this.#dropReports = options.onDropReport === undefined
      ? undefined
      : new DropReporter(options.onDropReport, options.dropReportIntervalMs,
        options.clock)
  }

  /** True when `onDrop` wants the dropped entries one by one. */
  get describesDrops (): boolean {
    return this.#options.onDrop !== undefined
  }

  /** Counts and reports an entry dropped before it was queued. */
  droppedAtPush (entry: LokiEntry, reason: DropReason): LokiDropError {
    this.dropped(reason, 1, 0, undefined, () => [{
      tenant: readField(entry, 'tenant', this.#options.tenant),
      stream: '',
      timestamp: '',
      line: readField(entry, 'line', undefined),
    }])
    return dropOutcome(reason, 1)
  }

  /** Counts and reports entries lost without being known one by one. */
  lost (reason: DropReason, count: number): void {
    this.dropped(reason, count, 0, undefined, () => [])
  }

  pushStarted (tenant: string, entries: number, bytes: number): void {
    if (channels.pushStart.hasSubscribers) {
      channels.pushStart.publish({ tenant, entries, bytes })
    }
  }

  pushEnded (push: PushEnd): void {
    const { tenant, entries, bytes, status, durationMs } = push
    this.#counters.countRequest(status)
    this.#counters.observeDuration(durationMs / 1000)
    if (push.ok) {
      this.#counters.sentBytes += bytes
      debug('pushed %d entries (%d)', entries, status)
      if (channels.pushEnd.hasSubscribers) {
        channels.pushEnd.publish({ tenant, entries, bytes, status,
          durationMs })
      }
      return
    }

    const { error, willRetry } = push
    const message = `push of ${entries} entries failed: ` +
      `${status ?? 'no answer'} ${error}`
    this.#counters.lastError =
      { message, status, time: this.#options.clock.now() }
    if (channels.pushError.hasSubscribers) {
      channels.pushError.publish({ tenant, entries, status, error, willRetry })
    }
    if (this.#options.onError === undefined) return
    this.error(new LokiPushError(message, { status, body: error, willRetry }))
  }

  sent (count: number, _bytes: number): void {
    this.#counters.sent += count
  }

  dropped (
    reason: DropReason, count: number, _bytes: number,
    detail: string | undefined, describe: () => DroppedEntry[],
  ): void {
    this.#counters.countDrop(reason, count)
    debug('dropped %d entries: %s', count, reason)
    if (channels.drop.hasSubscribers) channels.drop.publish({ reason, count })
    this.#dropReports?.add(reason, count)
    const { onDrop, onError } = this.#options
    if (onDrop !== undefined) callHook(() => onDrop(describe(), reason))
    // Made only for a hook that takes it: a drop costs no error otherwise.
    if (onError !== undefined) this.error(dropOutcome(reason, count, detail))
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

  close (): void {
    this.#dropReports?.close()
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

/**
 * A field of an entry as a string for `onDrop` (`fallback` when it is
 * missing), or '' when reading it throws: an entry dropped because it
 * could not be read is still reported.
 */
function readField (
  entry: LokiEntry, key: 'tenant' | 'line', fallback: string | undefined,
): string {
  try {
    return String(entry?.[key] ?? fallback)
  } catch {
    return ''
  }
}

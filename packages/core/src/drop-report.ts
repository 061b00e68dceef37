import type { Clock } from './clock.js'
import { LokiOptionsError, type DropReason } from './errors.js'

/** A report of dropped entries for people: see `onDropReport`. */
export interface DropReport {
  /** Entries covered by this report. */
  readonly dropped: number
  /** `dropped` by reason, only the reasons that occurred. */
  readonly byReason: Readonly<Partial<Record<DropReason, number>>>
  /** True for the first drop after a quiet period, reported at once. */
  readonly first: boolean
  /** A one-line description, for a log or a warning. */
  readonly message: string
}

/**
 * What the `onDropReport` option asks for: the given function, the default
 * process warning when unset, or undefined for `false`.
 * @throws {LokiOptionsError} when it is neither a function nor `false`.
 */
export function dropReportHandler (option: unknown):
  ((report: DropReport) => void) | undefined {
  if (option === false) return undefined
  if (option !== undefined && typeof option !== 'function') {
    throw new LokiOptionsError('onDropReport', 'must be a function or false',
      option)
  }
  return (option as ((report: DropReport) => void) | undefined) ??
    emitDropWarning
}

/** Reports drops through `process.emitWarning`, as the pino family does. */
export function emitDropWarning (report: DropReport): void {
  process.emitWarning(report.message,
    { type: 'LokiDropWarning', code: 'LOKI_DROPPED' })
}

/**
 * Rate-limits drop reports: the first drop after a quiet period is
 * reported at once, later ones in one summary per interval, so a storm of
 * drops cannot flood the application's own logs. Counters and `onDrop`
 * still see every drop.
 */
export class DropReporter {
  readonly #report: (report: DropReport) => void
  readonly #intervalMs: number
  readonly #clock: Clock
  #pending = new Map<DropReason, number>()
  #timer: unknown

  constructor (
    report: (report: DropReport) => void, intervalMs: number, clock: Clock,
  ) {
    this.#report = report
    this.#intervalMs = intervalMs
    this.#clock = clock
  }

  add (reason: DropReason, count: number): void {
    this.#pending.set(reason, (this.#pending.get(reason) ?? 0) + count)
    if (this.#timer !== undefined) return
    // Quiet until now: say it at once, then collect for an interval.
    this.#send(true)
    this.#arm()
  }

  /** Reports what is pending now and stops the interval. */
  close (): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer)
    this.#timer = undefined
    this.#send(false)
  }

  #arm (): void {
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined
      if (this.#pending.size === 0) return
      this.#send(false)
      this.#arm()
    }, this.#intervalMs)
  }

  #send (first: boolean): void {
    if (this.#pending.size === 0) return
    const byReason = Object.fromEntries(this.#pending)
    const dropped = [...this.#pending.values()].reduce((a, b) => a + b, 0)
    this.#pending = new Map()
    const reasons = Object.entries(byReason)
      .map(([reason, count]) => `${reason}: ${count}`).join(', ')
    const seconds = Math.round(this.#intervalMs / 1000)
    const message = first
      ? `lokits dropped ${dropped} log ${plural(dropped)} (${reasons}); ` +
        `further drops are summarised every ${seconds} s`
      : `lokits dropped ${dropped} log ${plural(dropped)} in the last ` +
        `${seconds} s (${reasons})`
    try {
      this.#report({ dropped, byReason, first, message })
    } catch {
      // A failing reporter must not break delivery; the counters keep
      // the account.
    }
  }
}

function plural (count: number): string {
  return count === 1 ? 'entry' : 'entries'
}

import type { DropReason } from './errors.js'
import type { DroppedEntry, RetryInfo } from './options.js'

/** How one push request ended, as the sending side reports it. */
export interface PushEnd {
  readonly tenant: string
  readonly entries: number
  /** The body's size as sent. */
  readonly bytes: number
  /** HTTP status; undefined when no answer came. */
  readonly status: number | undefined
  readonly durationMs: number
  /** True when Loki accepted the push. */
  readonly ok: boolean
  /** The first line of the answer or the network error, when not ok. */
  readonly error: string
  /** When not ok: whether the batch will be sent again. */
  readonly willRetry: boolean
}

/**
 * What the sending side of a client tells about pushes and entries, as
 * plain data: the same calls whether it runs in the application's thread
 * or in a worker thread, whose reports cross to the thread that counts
 * them and calls the hooks.
 */
export interface DeliveryReport {
  pushStarted(tenant: string, entries: number, bytes: number): void
  pushEnded(push: PushEnd): void
  /** Entries Loki accepted, and their record bytes. */
  sent(count: number, bytes: number): void
  /**
   * Entries that will not be delivered, and their record bytes.
   * `describe` lists them, for `onDrop`; it is called only when someone
   * wants the list.
   */
  dropped(
    reason: DropReason, count: number, bytes: number,
    detail: string | undefined, describe: () => DroppedEntry[],
  ): void
  retrying(info: RetryInfo): void
}

import type { DeliveryReport, PushEnd } from './delivery-report.js'
import type { DropReason } from './errors.js'
import type { DroppedEntry, RetryInfo } from './options.js'
import type {
  FromWorker, WorkerEvent, WorkerState,
} from './worker-messages.js'

/**
 * The delivery worker's side of the report: events are collected during
 * a turn of the worker's event loop and posted together, with the queue's
 * state, so that a storm of drops costs one message a turn, not one a
 * drop.
 */
export class ReportForwarder implements DeliveryReport {
  readonly #post: (message: FromWorker) => void
  readonly #state: () => WorkerState
  readonly #describeDrops: boolean
  #events: WorkerEvent[] = []
  #scheduled = false
  #atOnce = false
  #sealed = false

  constructor (
    post: (message: FromWorker) => void,
    state: () => WorkerState,
    describeDrops: boolean,
  ) {
    this.#post = post
    this.#state = state
    this.#describeDrops = describeDrops
  }

  pushStarted (tenant: string, entries: number, bytes: number): void {
    this.add({ type: 'started', tenant, entries, bytes })
  }

  pushEnded (push: PushEnd): void {
    this.add({ type: 'ended', push })
  }

  sent (count: number, bytes: number): void {
    this.add({ type: 'sent', count, bytes })
  }

  dropped (
    reason: DropReason, count: number, bytes: number,
    detail: string | undefined, describe: () => DroppedEntry[],
  ): void {
    // Lines are read back from records only for an `onDrop` hook.
    const entries = this.#describeDrops ? describe() : []
    this.add({ type: 'dropped', reason, count, bytes, detail, entries })
  }

  retrying (info: RetryInfo): void {
    this.add({ type: 'retry', info })
  }

  /** Queues an event for the end of this turn. */
  add (event: WorkerEvent): void {
    if (this.#sealed) return
    this.#events.push(event)
    if (this.#atOnce) return this.post()
    if (this.#scheduled) return
    this.#scheduled = true
    setImmediate(() => this.post())
  }

  /** Posts what is queued now, with the queue's state. */
  post (): void {
    this.#scheduled = false
    const events = this.#events
    this.#events = []
    this.#post({ events, state: this.#state() })
  }

  /**
   * From now on every event is posted as it happens: the process is
   * exiting, and the application's thread reads what was posted before
   * it goes.
   */
  postAtOnce (): void {
    this.#atOnce = true
    this.post()
  }

  /**
   * Reports nothing more: the process exits, and what the client held is
   * counted already. A push that ends after that must not count again.
   */
  seal (): void {
    this.#sealed = true
  }
}

import type { DeliveryReport, PushEnd } from './delivery-report.js'
import type { DropReason } from './errors.js'
import type { DroppedEntry, RetryInfo } from './options.js'
import type { SettledTally } from './settled-tally.js'
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
  readonly #tally: SettledTally
  #events: WorkerEvent[] = []
  #scheduled = false

  constructor (
    post: (message: FromWorker) => void,
    state: () => WorkerState,
    describeDrops: boolean,
    tally: SettledTally,
  ) {
    this.#post = post
    this.#state = state
    this.#describeDrops = describeDrops
    this.#tally = tally
  }

  pushStarted (tenant: string, entries: number, bytes: number): void {
    this.add({ type: 'started', tenant, entries, bytes })
  }

  pushEnded (push: PushEnd): void {
    this.add({ type: 'ended', push })
  }

  sent (count: number, bytes: number): void {
    this.#tally.addSent(count)
    this.add({ type: 'sent', count, bytes })
  }

  dropped (
    reason: DropReason, count: number, bytes: number,
    detail: string | undefined, describe: () => DroppedEntry[],
  ): void {
    this.#tally.addDropped(reason, count)
    // Lines are read back from records only for an `onDrop` hook.
    const entries = this.#describeDrops ? describe() : []
    this.add({ type: 'dropped', reason, count, bytes, detail, entries })
  }

  retrying (info: RetryInfo): void {
    this.add({ type: 'retry', info })
  }

  /** Queues an event for the end of this turn. */
  add (event: WorkerEvent): void {
    this.#events.push(event)
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
}

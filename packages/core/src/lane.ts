import { peekBatch, takeBatch, type Batch } from './batch.js'
import { EntryQueue } from './entry-queue.js'
import type { PushBody } from './push-body.js'
import type { QueuedEntry } from './queued-entry.js'
import { RecordArena } from './record-arena.js'

/** What a lane needs from its client. */
export interface LaneHost {
  readonly maxEntries: number
  readonly maxBytes: number
  readonly maxWaitMs: number
  readonly encoding: 'protobuf' | 'json'
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  /** True while a flush or close wants everything sent now. */
  flushing(): boolean
  /** Waits for a free request slot (the `maxInFlight` limit). */
  acquireSlot(): Promise<void> | undefined
  releaseSlot(): void
  /** A batch of this lane is sent or dropped, every entry of it. */
  batchDone(): void
  /** Encodes a batch's body. */
  encode(batch: Batch): Promise<PushBody>
  /**
   * Sends a batch until every entry in it is sent or dropped; `body` is
   * its body when it was encoded ahead.
   */
  deliver(batch: Batch, body: Promise<PushBody> | undefined): Promise<void>
}

/** A full batch at the head of the queue, encoded while a push is out. */
interface PreparedBatch {
  readonly batch: Batch
  readonly body: Promise<PushBody>
}

/**
 * A queue of entries for one tenant with at most one push in flight.
 * A stream always maps to the same lane, so its entries reach Loki in the
 * order they were pushed, even while retrying; the client runs
 * `maxInFlight` lanes a tenant for parallel pushes. While a push is out,
 * the next full batch is encoded, so that it can leave as soon as the
 * push is answered.
 */
export class Lane {
  readonly queue = new EntryQueue()
  /** Where the records of this lane's entries are written. */
  readonly arena = new RecordArena()
  /** The batch being delivered, if any. */
  inFlight: Batch | undefined
  #running: Promise<void> | undefined
  #timer: unknown
  #prepared: PreparedBatch | undefined

  constructor (readonly tenant: string, readonly host: LaneHost) {}

  add (entry: QueuedEntry): void {
    this.queue.push(entry)
    if (this.#running === undefined) this.schedule()
    else if (this.#prepared === undefined) this.#prepareFull()
  }

  /** Sends now if a batch is due, else arms the wait for the oldest. */
  schedule (): void {
    if (this.#running !== undefined) return
    const head = this.queue.peek()
    if (head === undefined) {
      this.#clearTimer()
      return
    }
    if (this.#due()) {
      this.#clearTimer()
      const running = this.#run()
      this.#running = running
      const done = (): void => {
        this.#running = undefined
        this.schedule()
      }
      running.then(done, done)
      return
    }
    if (this.#timer === undefined) {
      const waitMs = head.queuedAt + this.host.maxWaitMs - this.host.now()
      this.#timer = this.host.setTimeout(() => {
        this.#timer = undefined
        this.schedule()
      }, Math.max(0, waitMs))
    }
  }

  /** True while the lane delivers a batch (encoding, pushing, waiting). */
  get running (): boolean {
    return this.#running !== undefined
  }

  /** Resolves once no push of this lane is under way. */
  async idle (): Promise<void> {
    while (this.#running !== undefined) await this.#running
  }

  #due (): boolean {
    const { host, queue } = this
    const head = queue.peek()
    return head !== undefined && (
      queue.length >= host.maxEntries ||
      queue.bytes >= host.maxBytes ||
      host.flushing() ||
      host.now() - head.queuedAt >= host.maxWaitMs)
  }

  async #run (): Promise<void> {
    const { host } = this
    while (this.#due()) {
      const slot = host.acquireSlot()
      if (slot !== undefined) await slot
      const prepared = this.#takePrepared()
      const batch = prepared?.batch ?? takeBatch(this.queue, this.tenant, host)
      this.inFlight = batch
      this.#prepareFull()
      try {
        await host.deliver(batch, prepared?.body)
      } finally {
        this.inFlight = undefined
        host.releaseSlot()
        host.batchDone()
      }
    }
  }

  /** Starts encoding the next batch, if a full one is queued. */
  #prepareFull (): void {
    const { host, queue } = this
    if (queue.length < host.maxEntries && queue.bytes < host.maxBytes) return
    const batch = peekBatch(queue, this.tenant, host)
    const body = host.encode(batch)
    // A batch the queue no longer starts with is never sent: its failure
    // to encode would be nobody's to handle.
    body.catch(() => {})
    this.#prepared = { batch, body }
  }

  /**
   * The prepared batch, taken out of the queue, when the queue still
   * starts with it. Entries leave a queue only at its head, so a queue
   * that starts with the same entry still holds the whole batch.
   */
  #takePrepared (): PreparedBatch | undefined {
    const prepared = this.#prepared
    this.#prepared = undefined
    if (prepared === undefined) return undefined
    const { entries } = prepared.batch
    if (this.queue.peek() !== entries[0]) return undefined
    for (let i = 0; i < entries.length; i++) this.queue.shift()
    return prepared
  }

  #clearTimer (): void {
    if (this.#timer === undefined) return
    this.host.clearTimeout(this.#timer)
    this.#timer = undefined
  }
}

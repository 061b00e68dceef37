// Promises that settle when a condition on the receiver's state holds,
// checked after every change, or reject with a report on timeout.
import { ReceiverError } from './errors.js'

interface Waiter {
  readonly ready: () => boolean
  readonly resolve: () => void
  readonly reject: (error: Error) => void
  readonly timer: NodeJS.Timeout
}

/** The pending waits of one receiver. */
export class Waiters {
  private readonly pending = new Set<Waiter>()

  /**
   * Resolves once `ready()` holds; rejects after `timeoutMs` with
   * `describe()` in the message, so a failing test says what arrived.
   */
  async wait (
    ready: () => boolean,
    timeoutMs: number,
    describe: () => string
  ): Promise<void> {
    if (ready()) return
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        ready,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.pending.delete(waiter)
          reject(new ReceiverError('LOKITS_RECEIVER_WAIT_TIMEOUT',
            `timed out after ${timeoutMs} ms: ${describe()}`))
        }, timeoutMs),
      }
      this.pending.add(waiter)
    })
  }

  /** Settles the waits whose condition now holds. */
  notify (): void {
    for (const waiter of this.pending) {
      if (!waiter.ready()) continue
      clearTimeout(waiter.timer)
      this.pending.delete(waiter)
      waiter.resolve()
    }
  }

  /** Rejects every pending wait (the receiver is closing). */
  rejectAll (error: Error): void {
    for (const waiter of this.pending) {
      clearTimeout(waiter.timer)
      waiter.reject(error)
    }
    this.pending.clear()
  }
}

/**
 * The time source of a client. Tests inject a fake one so that batching
 * waits and retry backoff run without real sleeps.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
  /** Calls `fn` after `ms`; the handle must not keep the process alive. */
  setTimeout(fn: () => void, ms: number): unknown
  /** Cancels a timer made by `setTimeout`. */
  clearTimeout(handle: unknown): void
}

/** The real clock; its timers are unref'd. */
export const systemClock: Clock = {
  now: Date.now,
  setTimeout (fn, ms) {
    const timer = setTimeout(fn, ms)
    timer.unref()
    return timer
  },
  clearTimeout (handle) {
    clearTimeout(handle as NodeJS.Timeout)
  },
}

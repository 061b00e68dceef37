// A clock for LokiClient's `clock` option whose time moves only when a test
// says so: batching waits and retry backoff run without real sleeps.
export class FakeClock {
  #now
  #timers = []
  #nextId = 1

  constructor (start = Date.now()) {
    this.#now = start
  }

  now = () => this.#now

  setTimeout = (fn, ms) => {
    const timer = { id: this.#nextId++, at: this.#now + ms, fn }
    this.#timers.push(timer)
    return timer.id
  }

  clearTimeout = (id) => {
    this.#timers = this.#timers.filter((timer) => timer.id !== id)
  }

  /** Delays of the timers armed and not yet fired, soonest first. */
  pending () {
    return this.#timers.map((t) => t.at - this.#now).sort((a, b) => a - b)
  }

  /** Moves time on by `ms`, firing every timer that falls due. */
  advance (ms) {
    const until = this.#now + ms
    for (;;) {
      const due = this.#timers
        .filter((timer) => timer.at <= until)
        .sort((a, b) => a.at - b.at)[0]
      if (due === undefined) break
      this.#timers = this.#timers.filter((timer) => timer !== due)
      this.#now = Math.max(this.#now, due.at)
      due.fn()
    }
    this.#now = until
  }
}

/**
 * A clock that fires every timer on the next turn of the event loop while
 * recording the delay asked for: retries happen at once, and the test
 * reads the backoff it would have waited.
 */
export class InstantClock {
  delays = []
  now = () => Date.now()
  setTimeout = (fn, ms) => {
    this.delays.push(ms)
    return setImmediate(fn)
  }

  clearTimeout = (handle) => clearImmediate(handle)
}

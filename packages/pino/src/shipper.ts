import type { Readable } from 'node:stream'
import type { LokiClient, PushResult } from '@lokits/core'
import type { EntryBuilder } from './entry-builder.js'
import { LineParser, type ParsedLine } from './parse-line.js'

interface Waiter {
  readonly line: number
  readonly resolve: () => void
}

/**
 * Moves parsed lines from the transport's stream into the client. When
 * the client's queue is full it pauses the stream until there is room, so
 * that backpressure reaches pino's buffer instead of dropping entries.
 */
export class Shipper {
  readonly #client: LokiClient
  readonly #builder: EntryBuilder
  readonly #parser: LineParser
  #source: Readable | undefined
  #parsed = 0
  #pushed = 0
  #waiters: Waiter[] = []
  #pending: Promise<void> | undefined

  constructor (client: LokiClient, builder: EntryBuilder) {
    this.#client = client
    this.#builder = builder
    this.#parser = new LineParser(builder.needsRecord)
  }

  /** Counts each line as it is parsed, so that `flush()` knows its end. */
  readonly parse = (text: string): ParsedLine => {
    this.#parsed++
    return this.#parser.parse(text)
  }

  /** Starts taking lines from `source`. */
  start (source: Readable): void {
    this.#source = source
    source.on('data', this.#write)
  }

  /**
   * Resolves once every line parsed so far is in the client and the
   * client has sent or dropped it. Never rejects.
   */
  async flush (): Promise<void> {
    const line = this.#parsed
    if (this.#pushed < line) {
      await new Promise<void>((resolve) => {
        this.#waiters.push({ line, resolve })
      })
    }
    await this.#client.flush()
  }

  /**
   * Waits, within `timeoutMs`, for a push held by a full queue, then
   * closes the client with what remains of the deadline. The wait comes
   * first because a closing client no longer admits held pushes: the last
   * line would be dropped even when Loki is keeping up.
   */
  async close (timeoutMs: number): Promise<void> {
    const start = Date.now()
    if (this.#pending !== undefined) {
      await waitAtMost(this.#pending, timeoutMs)
    }
    const left = Math.max(0, timeoutMs - (Date.now() - start))
    await this.#client.close({ timeoutMs: left })
    // The stream delivers no more lines: a flush waiting for some (after
    // an error destroyed the stream) must not wait forever.
    for (const waiter of this.#waiters.splice(0)) waiter.resolve()
  }

  readonly #write = (line: ParsedLine): void => {
    if (line.text === '') return this.#count()
    let result: PushResult
    try {
      result = this.#client.push(this.#builder.build(line))
    } catch {
      // Building an entry from a parsed record does not throw; should it
      // ever, the line still ships as it came rather than being lost.
      result = this.#client.push({ line: line.text })
    }
    this.#count()
    if (result instanceof Promise) {
      this.#source?.pause()
      this.#pending = result.then(this.#resume)
    }
  }

  readonly #resume = (): void => {
    this.#pending = undefined
    this.#source?.resume()
  }

  #count (): void {
    this.#pushed++
    if (this.#waiters.length === 0) return
    const ready = this.#waiters.filter((w) => w.line <= this.#pushed)
    if (ready.length === 0) return
    this.#waiters = this.#waiters.filter((w) => w.line > this.#pushed)
    for (const waiter of ready) waiter.resolve()
  }
}

function waitAtMost (promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms)
    timer.unref()
  })
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer))
}

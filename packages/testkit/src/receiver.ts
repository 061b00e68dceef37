// startLokiReceiver(): a Loki-compatible push endpoint on a real HTTP
// server, with readers for what it stored and handles to inject faults.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { EntryStore } from './entry-store.js'
import { ReceiverError } from './errors.js'
import { FaultPlan, type FaultStep } from './faults.js'
import { LabelCache } from './label-cache.js'
import {
  checkRate,
  resolveOptions,
  type LokiReceiverOptions,
} from './options.js'
import type { ReceiverState } from './receiver-state.js'
import type { ReceivedEntry, ReceivedStream } from './received-entry.js'
import { StatsCounter, type ReceiverStats } from './receiver-stats.js'
import { handleRequest, PUSH_PATH } from './request-handler.js'
import { RequestLog, type ReceivedRequest } from './request-log.js'
import { TokenBucket } from './token-bucket.js'
import { Waiters } from './waiters.js'

/** Options of the `waitFor*()` methods. */
export interface WaitOptions {
  /** How long to wait before rejecting. @default 5000 */
  readonly timeoutMs?: number
}

/** A running receiver. */
export interface LokiReceiver {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string
  /** The push endpoint: `url` + `/loki/api/v1/push`. */
  readonly pushUrl: string
  /** The port listened on. */
  readonly port: number
  /** Every stored entry, in storage order. */
  entries(): ReceivedEntry[]
  /** Every stored stream with its entries, in creation order. */
  streams(): ReceivedStream[]
  /** Every request seen (except `GET /ready`), in arrival order. */
  requests(): ReceivedRequest[]
  /** Counters since start or the last `reset()`. */
  stats(): ReceiverStats
  /**
   * Resolves with `entries()` once at least `count` entries are stored;
   * rejects with a report of what arrived after `timeoutMs`.
   */
  waitForEntries(count: number, options?: WaitOptions): Promise<ReceivedEntry[]>
  /**
   * Resolves with `requests()` once at least `count` requests have arrived
   * (whether answered yet or not, so it works with `stall()` and hangs).
   */
  waitForRequests(
    count: number,
    options?: WaitOptions
  ): Promise<ReceivedRequest[]>
  /**
   * Queues fault steps, each consumed by one push request, in order,
   * after any not yet consumed; pushes then behave normally again.
   */
  script(steps: readonly FaultStep[]): void
  /** Applies `step` to every push until `fail(null)`. */
  fail(step: FaultStep | null): void
  /** Holds every request unanswered until `resume()`. */
  stall(): void
  /** Processes held requests, and new ones, normally. */
  resume(): void
  /**
   * Sets the tenant ingestion rate limit on body bytes; 0 turns it off.
   * The bucket starts full. `burstBytes` defaults to `bytesPerSecond`.
   */
  setRateLimit(bytesPerSecond: number, burstBytes?: number): void
  /** Forgets entries, requests and counters; clears faults and stalls. */
  reset(): void
  /** Stops the server, destroying open connections; idempotent. */
  close(): Promise<void>
  /** Same as `close()`. */
  [Symbol.asyncDispose](): Promise<void>
}

/**
 * Starts a receiver that answers Loki pushes as Loki does.
 *
 * @example
 * const receiver = await startLokiReceiver({ version: 3 })
 * // point a client at receiver.url, log, then:
 * const entries = await receiver.waitForEntries(10)
 * await receiver.close()
 */
export async function startLokiReceiver (
  options: LokiReceiverOptions = {}
): Promise<LokiReceiver> {
  const resolved = resolveOptions(options)
  const abort = new AbortController()
  const state: ReceiverState = {
    options: resolved,
    store: new EntryStore(),
    log: new RequestLog(),
    stats: new StatsCounter(),
    faults: new FaultPlan(),
    waiters: new Waiters(),
    labelCache: new LabelCache(),
    rateLimit: bucket(resolved.rateLimitBytesPerSecond,
      resolved.rateLimitBurstBytes, resolved.now()),
    closing: abort.signal,
  }

  const server = createServer((request, response) => {
    void handleRequest(state, request, response)
  })
  const port = await listen(server, resolved.host, resolved.port)
  // An IPv6 address needs brackets in a URL.
  const { host: address } = resolved
  const host = address.includes(':') ? `[${address}]` : address
  const url = `http://${host}:${port}`

  let closed: Promise<void> | undefined
  const close = async (): Promise<void> => {
    closed ??= shutDown(server, state, abort)
    await closed
  }

  return {
    url,
    pushUrl: url + PUSH_PATH,
    port,
    entries: () => state.store.entries(),
    streams: () => state.store.streamList(),
    requests: () => state.log.list(),
    stats: () => state.stats.snapshot(state.store.streamCount),
    async waitForEntries (count, { timeoutMs = 5000 } = {}) {
      await state.waiters.wait(() => state.store.size >= count, timeoutMs,
        () => `waiting for ${count} entries; ${progress(state)}`)
      return state.store.entries()
    },
    async waitForRequests (count, { timeoutMs = 5000 } = {}) {
      await state.waiters.wait(() => state.log.size >= count, timeoutMs,
        () => `waiting for ${count} requests; ${progress(state)}`)
      return state.log.list()
    },
    script: (steps) => state.faults.script(steps),
    fail: (step) => state.faults.fail(step),
    stall: () => state.faults.stall(),
    resume: () => state.faults.resume(),
    setRateLimit (bytesPerSecond, burstBytes = bytesPerSecond) {
      checkRate('bytesPerSecond', bytesPerSecond)
      checkRate('burstBytes', burstBytes)
      state.rateLimit = bucket(bytesPerSecond, burstBytes, resolved.now())
    },
    reset () {
      state.store.clear()
      state.log.clear()
      state.stats.clear()
      state.faults.clear()
      const limit = state.rateLimit
      if (limit !== undefined) {
        state.rateLimit = bucket(limit.bytesPerSecond, limit.burstBytes,
          resolved.now())
      }
    },
    close,
    [Symbol.asyncDispose]: close,
  }
}

function bucket (
  bytesPerSecond: number,
  burstBytes: number,
  nowMs: number
): TokenBucket | undefined {
  if (bytesPerSecond === 0) return undefined
  return new TokenBucket(bytesPerSecond, burstBytes, nowMs)
}

async function listen (
  server: Server,
  host: string,
  port: number
): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  return (server.address() as AddressInfo).port
}

async function shutDown (
  server: Server,
  state: ReceiverState,
  abort: AbortController
): Promise<void> {
  // Abort first, then lift any stall, so held requests see the abort.
  abort.abort()
  state.faults.resume()
  state.waiters.rejectAll(
    new ReceiverError('LOKITS_RECEIVER_CLOSED', 'the receiver was closed'))

  const stopped = new Promise<void>((resolve) => {
    server.close(() => resolve())
  })
  // Hung and stalled requests would keep close() waiting: cut them off.
  server.closeAllConnections()
  await stopped
}

function progress (state: ReceiverState): string {
  const stats = state.stats.snapshot(state.store.streamCount)
  const streams = state.store.streamSizes().slice(0, 10)
    .map((s) => `${s.stream}: ${s.entries}`)
  const errors = state.log.list()
    .filter((r) => r.error !== undefined)
    .slice(0, 5)
    .map((r) => `${r.status} ${r.error ?? ''}`)
  return `${stats.entriesStored} entries stored in ${stats.streams} ` +
    `streams [${streams.join(', ')}]; ${stats.requests} requests, ` +
    `answers ${JSON.stringify(stats.requestsByStatus)}; ` +
    `first errors [${errors.join('; ')}]`
}

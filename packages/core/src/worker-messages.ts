import type { PushEnd } from './delivery-report.js'
import type { DropReason } from './errors.js'
import type { MessagePort } from 'node:worker_threads'
import type { DroppedEntry, LokiClientOptions, RetryInfo } from './options.js'

/**
 * Entries handed to the delivery worker in one message. `meta` holds
 * {@link ENTRY_FIELDS} numbers an entry; its record is `size` bytes at
 * `offset` in `slabs[slab]`. Streams and tenants are listed once per
 * message and referred to by index.
 */
export interface EntriesMessage {
  readonly type: 'entries'
  readonly streams: readonly WireStream[]
  readonly tenants: readonly string[]
  readonly meta: Float64Array
  readonly slabs: readonly Uint8Array[]
}

/** A stream as it crosses to the worker. */
export interface WireStream {
  readonly key: string
  readonly json: string
  readonly hash: number
}

// Positions of an entry's numbers in `EntriesMessage.meta`.
export const SLAB = 0
export const OFFSET = 1
export const SIZE = 2
export const STREAM = 3
export const TENANT = 4
export const SECONDS = 5
export const NANOS = 6
export const SEQUENCE = 7
export const QUEUED_AT = 8
export const ENTRY_FIELDS = 9

/** What the application's thread asks of the worker. */
export type ToWorker =
  | EntriesMessage
  | { readonly type: 'flush', readonly id: number }
  | { readonly type: 'close', readonly timeoutMs: number }

/** What the worker reports, in order, many in one message. */
export type WorkerEvent =
  | { readonly type: 'started', readonly tenant: string,
      readonly entries: number, readonly bytes: number }
  | { readonly type: 'ended', readonly push: PushEnd }
  | { readonly type: 'sent', readonly count: number, readonly bytes: number }
  | { readonly type: 'dropped', readonly reason: DropReason,
      readonly count: number, readonly bytes: number,
      readonly detail: string | undefined,
      readonly entries: readonly DroppedEntry[] }
  | { readonly type: 'retry', readonly info: RetryInfo }
  | { readonly type: 'flushed', readonly id: number }
  /** Entries arrived: the state that comes with it counts them. */
  | { readonly type: 'received' }
  /** A flush was asked for: the state that comes with it tells what it began. */
  | { readonly type: 'flushing' }
  | { readonly type: 'closed' }

/** One message from the worker: its events and its queue's state. */
export interface FromWorker {
  readonly events: readonly WorkerEvent[]
  readonly state: WorkerState
}

/** The worker's queue as it was when it posted. */
export interface WorkerState {
  /** Entries and record bytes it has received, since it started. */
  readonly receivedEntries: number
  readonly receivedBytes: number
  readonly queuedEntries: number
  readonly queuedBytes: number
  readonly inFlightEntries: number
  readonly inFlightRequests: number
  /**
   * True while a batch is being encoded or pushed: the worker is working
   * for entries the process may be waiting on, not sleeping in a backoff
   * or waiting for a batch to fill.
   */
  readonly sending: boolean
}

/** What the worker starts with. */
export interface WorkerSetup {
  /** The client's options without those that cannot cross threads. */
  readonly options: LokiClientOptions
  /** Whether `onDrop` wants dropped entries listed. */
  readonly describeDrops: boolean
  /** Where the worker posts its reports (a port the caller reads from). */
  readonly reports: MessagePort
  /** Shared flags of the exit handshake: see {@link EXIT_ASKED}. */
  readonly exitFlags: SharedArrayBuffer
}

// The exit handshake, in `Int32Array(exitFlags)`: the application's
// thread sets EXIT_ASKED and waits on EXIT_DONE, which the worker sets once
// it has posted everything it knows and counted what it held.
export const EXIT_ASKED = 0
export const EXIT_DONE = 1

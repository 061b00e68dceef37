/**
 * Why an entry was not delivered. Every entry pushed to a client is either
 * stored by Loki or counted under exactly one of these reasons.
 *
 * - `queue_full`: the queue was at its bound (`drop-new`, `drop-oldest`, or
 *   too many pushes waiting in `block` mode).
 * - `invalid`: the entry could not be made valid (too many labels, a label
 *   set Loki would refuse).
 * - `line_too_long`: the line exceeded `maxLineBytes` with
 *   `lineTooLong: 'drop'`.
 * - `timestamp_too_old` / `timestamp_too_new`: outside the window Loki
 *   accepts (`maxEntryAgeMs`, `creationGracePeriodMs`).
 * - `rejected`: Loki answered a permanent error (400, 401, 403, 404, ...).
 * - `too_large`: a single entry still too large after splitting its batch.
 * - `rate_limited`: Loki answered 429 and `retry.retryRateLimited` is off.
 * - `max_retries`: every attempt failed with a retryable error.
 * - `ingestion_blocked`: Loki answered 260, ingestion blocked for the tenant.
 * - `shutdown`: still undelivered when `close()` reached its deadline or
 *   the process exited.
 * - `closed`: pushed after `close()` was called.
 * - `spool_unreadable`: spooled entries that could not be read back (a
 *   segment removed or damaged on disk while the client ran).
 */
export type DropReason =
  | 'queue_full'
  | 'invalid'
  | 'line_too_long'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'rejected'
  | 'too_large'
  | 'rate_limited'
  | 'max_retries'
  | 'ingestion_blocked'
  | 'shutdown'
  | 'closed'
  | 'spool_unreadable'

/** Every drop reason, in a stable order (for counters and metrics). */
export const DROP_REASONS: readonly DropReason[] = [
  'queue_full',
  'invalid',
  'line_too_long',
  'timestamp_too_old',
  'timestamp_too_new',
  'rejected',
  'too_large',
  'rate_limited',
  'max_retries',
  'ingestion_blocked',
  'shutdown',
  'closed',
  'spool_unreadable',
]

/** Stable codes carried by every error this library creates. */
export type LokiErrorCode =
  | 'LOKI_INVALID_OPTION'
  | 'LOKI_DROPPED'
  | 'LOKI_PUSH_FAILED'
  | 'LOKI_SPOOL_LOCKED'
  | 'LOKI_SPOOL_CORRUPT'
  | 'LOKI_SPOOL_IO'

/** Base class of the errors of lokits; `code` is stable across versions. */
export class LokiError extends Error {
  /** What failed, stable across versions: match on this, not the text. */
  readonly code: LokiErrorCode

  constructor (code: LokiErrorCode, message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'LokiError'
    this.code = code
  }
}

/**
 * Thrown at construction when an option is wrong. The message names the
 * option, the rule and the value received.
 */
export class LokiOptionsError extends LokiError {
  /** The option's path, for example `retry.maxAttempts`. */
  readonly option: string

  constructor (option: string, rule: string, received: unknown) {
    super('LOKI_INVALID_OPTION',
      `option "${option}" ${rule}; received ${describe(received)}`)
    this.name = 'LokiOptionsError'
    this.option = option
  }
}

/**
 * An entry (or several) that will not be delivered. Returned by `push()`
 * when the entry is dropped at once, and passed to `onError` hooks.
 */
export class LokiDropError extends LokiError {
  /** Why the entries were dropped. */
  readonly reason: DropReason
  /** How many entries this drop covers. */
  readonly count: number

  constructor (reason: DropReason, count: number, detail?: string) {
    super('LOKI_DROPPED', `${count} ${count === 1 ? 'entry' : 'entries'} ` +
      `dropped (${reason})${detail === undefined ? '' : `: ${detail}`}`)
    this.name = 'LokiDropError'
    this.reason = reason
    this.count = count
  }
}

/**
 * A {@link LokiDropError} as `push()` returns it and `onError` gets it: an
 * outcome, made without a stack trace. Capturing one would cost every
 * dropped log call several microseconds (an application past its queue's
 * bounds would slow down for it), and its frames would only point inside
 * this library.
 */
export function dropOutcome (
  reason: DropReason, count: number, detail?: string,
): LokiDropError {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return new LokiDropError(reason, count, detail)
  } finally {
    Error.stackTraceLimit = limit
  }
}

/**
 * A push that Loki (or the network) did not accept. `status` is undefined
 * for network errors; `body` is the first line of Loki's answer, capped.
 */
export class LokiPushError extends LokiError {
  /** The HTTP status, or undefined when no answer came. */
  readonly status: number | undefined
  /** The first line of the answer, or the network error. */
  readonly body: string
  /** Whether the client will try this push again. */
  readonly willRetry: boolean

  constructor (message: string, fields: {
    status: number | undefined
    body: string
    willRetry: boolean
    cause?: unknown
  }) {
    super('LOKI_PUSH_FAILED', message,
      fields.cause === undefined ? undefined : { cause: fields.cause })
    this.name = 'LokiPushError'
    this.status = fields.status
    this.body = fields.body
    this.willRetry = fields.willRetry
  }
}

/**
 * A problem with the spool directory. `LOKI_SPOOL_LOCKED` is thrown at
 * construction when another live client uses the directory;
 * `LOKI_SPOOL_CORRUPT` (a segment quarantined at start) and
 * `LOKI_SPOOL_IO` (a read or write that failed) go to `onError`.
 */
export class LokiSpoolError extends LokiError {
  /** The file or directory concerned. */
  readonly path: string

  constructor (
    code: 'LOKI_SPOOL_LOCKED' | 'LOKI_SPOOL_CORRUPT' | 'LOKI_SPOOL_IO',
    message: string,
    path: string,
    cause?: unknown,
  ) {
    super(code, message, cause === undefined ? undefined : { cause })
    this.name = 'LokiSpoolError'
    this.path = path
  }
}

function describe (value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'function') return 'a function'
  if (Array.isArray(value)) return 'an array'
  if (value !== null && typeof value === 'object') return 'an object'
  return String(value)
}

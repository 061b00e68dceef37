import type { Dispatcher } from 'undici'
import type { Clock } from './clock.js'
import type { DropReport } from './drop-report.js'
import type { DropReason, LokiError } from './errors.js'
import type { SpoolOptions } from './spool/spool-options.js'

/** What `push()` does when the queue is at its bound. */
export type Overflow = 'block' | 'drop-new' | 'drop-oldest'

/** The body format of push requests. */
export type Encoding = 'protobuf' | 'json'

/** Retry policy for pushes that fail with a retryable answer. */
export interface RetryOptions {
  /**
   * Attempts per batch, the first included; then the batch is dropped with
   * reason `max_retries`.
   * @default 10
   */
  readonly maxAttempts?: number
  /** First backoff ceiling; doubles per attempt. @default 500 */
  readonly minDelayMs?: number
  /** Largest backoff ceiling. @default 30000 */
  readonly maxDelayMs?: number
  /**
   * Longest `Retry-After` honoured; a longer one waits this long.
   * @default 300000
   */
  readonly maxRetryAfterMs?: number
  /**
   * Retry 429 answers. When off, a 429 drops the batch with reason
   * `rate_limited`.
   * @default true
   */
  readonly retryRateLimited?: boolean
  /**
   * Requests a 400 may spend finding which entries of the batch Loki
   * refused: Loki stores the valid entries of a 400 without saying which
   * they are, so the batch is halved and each half sent again (what Loki
   * already holds is de-duplicated), down to single entries, which are
   * dropped as `rejected`. A batch of n entries needs at most 2 × (n - 1)
   * requests, so the default resolves every 400 exactly: each refused
   * entry is dropped alone and every valid one is delivered. A lower bound
   * caps the requests one 400 may cost; when they run out, what is still
   * unresolved is counted `rejected` whole, although Loki holds its valid
   * entries (stored and counted). `0` counts every 400 batch `rejected`
   * whole.
   * @default 2 × `maxEntries` (20000): enough for any batch
   */
  readonly maxRejectedProbes?: number
}

/** Credentials for HTTP basic auth (Grafana Cloud: instance id, token). */
export interface BasicAuth {
  /** The user, or Grafana Cloud's instance id. */
  readonly username: string
  /** The password, or a Grafana Cloud access policy token. */
  readonly password: string
}

/** TLS settings for an `https:` URL. Certificates are verified by default. */
export interface TlsOptions {
  /** Trusted CA certificates (PEM), replacing the default set. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[]
  /** Client certificate (PEM) for mutual TLS. */
  readonly cert?: string | Buffer
  /** Client key (PEM) for mutual TLS. */
  readonly key?: string | Buffer
  /** Server name for SNI and verification. */
  readonly servername?: string
  /** Verify the server's certificate. @default true */
  readonly rejectUnauthorized?: boolean
}

/** An entry as reported to `onDrop`. */
export interface DroppedEntry {
  /** The entry's tenant; `''` for the default of a single-tenant Loki. */
  readonly tenant: string
  /** The stream's label string, or `''` when the entry had none yet. */
  readonly stream: string
  /** Nanoseconds since the epoch, or `''` when not assigned yet. */
  readonly timestamp: string
  /** The line as it would have been sent. */
  readonly line: string
}

/** What `onRetry` receives before each wait. */
export interface RetryInfo {
  /** The attempt that failed, from 1. */
  readonly attempt: number
  /** How long the client waits before the next attempt. */
  readonly delayMs: number
  /** HTTP status, or undefined for a network error or timeout. */
  readonly status: number | undefined
  /** The first line of the answer, or the network error's message. */
  readonly error: string
  /** Entries in the batch being retried. */
  readonly entries: number
  /** The batch's tenant. */
  readonly tenant: string
}

/** Options of a {@link LokiClient}. Adapters take the same names. */
export interface LokiClientOptions {
  /**
   * Loki's base URL (a path prefix is kept) or the full push URL ending in
   * `/loki/api/v1/push`. Credentials in the URL are used for basic auth.
   * @example 'https://logs-prod-eu-west-0.grafana.net'
   */
  readonly url: string
  /** Labels of every stream. Names are sanitized for Loki. */
  readonly labels?: Readonly<Record<string, unknown>>
  /** Body format. @default 'protobuf' */
  readonly encoding?: Encoding
  /** Gzip JSON bodies (protobuf bodies are always snappy). @default false */
  readonly gzip?: boolean
  /** Default tenant (`X-Scope-OrgID`); entries may name their own. */
  readonly tenant?: string
  /** HTTP basic auth for every push (Grafana Cloud uses it). */
  readonly basicAuth?: BasicAuth
  /** Sent as `Authorization: Bearer <token>`. */
  readonly bearerToken?: string
  /**
   * Extra request headers. They cannot replace `content-type`,
   * `content-encoding` or `x-scope-orgid`.
   */
  readonly headers?: Readonly<Record<string, string>>
  /** TLS settings for an `https:` URL. */
  readonly tls?: TlsOptions
  /** An HTTP(S) proxy URL for every push. */
  readonly proxy?: string
  /** An undici dispatcher to use instead of the client's own pool. */
  readonly dispatcher?: Dispatcher
  /** Deadline of one push request. @default 10000 */
  readonly timeoutMs?: number
  /** Most entries in one push request. @default 10000 */
  readonly maxEntries?: number
  /** Most bytes in one push request, before compression. @default 1048576 */
  readonly maxBytes?: number
  /** Longest an entry waits for its batch to fill. @default 1000 */
  readonly maxWaitMs?: number
  /**
   * Push requests in flight at once. Streams are spread over this many
   * lanes, so that entries of one stream still arrive in order.
   * @default 1
   */
  readonly maxInFlight?: number
  /** Most entries held (queued and in flight). @default 100000 */
  readonly maxQueueEntries?: number
  /** Most line bytes held (queued and in flight). @default 67108864 */
  readonly maxQueueBytes?: number
  /** What `push()` does when the queue is full. @default 'block' */
  readonly overflow?: Overflow
  /** Longest line in UTF-8 bytes (Loki's default limit). @default 262144 */
  readonly maxLineBytes?: number
  /** Truncate longer lines with a marker, or drop them. @default 'truncate' */
  readonly lineTooLong?: 'truncate' | 'drop'
  /** Most labels per stream (Loki 3; Loki 2 allows 30). @default 15 */
  readonly maxLabels?: number
  /** Longest label name; longer ones are cut. @default 1024 */
  readonly maxLabelNameBytes?: number
  /** Longest label value; longer ones are cut. @default 2048 */
  readonly maxLabelValueBytes?: number
  /**
   * Entries older than this are dropped (`timestamp_too_old`): Loki would
   * refuse them. @default 604800000 (7 days)
   */
  readonly maxEntryAgeMs?: number
  /**
   * Entries further than this in the future are dropped
   * (`timestamp_too_new`). @default 600000 (10 minutes)
   */
  readonly creationGracePeriodMs?: number
  /**
   * Give each entry of a stream its own nanosecond timestamp, so that Loki
   * does not de-duplicate repeated lines. @default true
   */
  readonly uniqueTimestamps?: boolean
  /** Retry policy for 429, 5xx, network errors and timeouts. */
  readonly retry?: RetryOptions
  /** Default deadline of `close()`. @default 5000 */
  readonly closeTimeoutMs?: number
  /** Called with every entry that will not be delivered. */
  readonly onDrop?: (entries: readonly DroppedEntry[], reason: DropReason) => void
  /** Called with every failed push and every drop. */
  readonly onError?: (error: LokiError) => void
  /**
   * Tells people about drops without flooding them: the first drop after a
   * quiet period at once, then one summary per `dropReportIntervalMs`.
   * `false` turns reports off (counters and `onDrop` still see each drop).
   * @default a `process.emitWarning` with code `LOKI_DROPPED`
   */
  readonly onDropReport?: ((report: DropReport) => void) | false
  /** Interval of drop summaries. @default 60000 */
  readonly dropReportIntervalMs?: number
  /** Called before each retry wait. */
  readonly onRetry?: (info: RetryInfo) => void
  /** Time source, for tests. @default the system clock */
  readonly clock?: Clock
  /** Source of jitter in [0, 1), for tests. @default Math.random */
  readonly random?: () => number
  /**
   * Keep every accepted entry on disk until Loki has it, so that entries
   * survive a crash and outages longer than the memory queue holds.
   * @default off (entries are held in memory only)
   */
  readonly spool?: SpoolOptions
}

import { DROP_REASONS, type DropReason } from './errors.js'
import type { SpoolStats } from './spool/spool-stats.js'

/** Push requests counted by how they ended. */
export interface RequestCounts {
  /** Answered 2xx. */
  readonly success: number
  /** Answered 429. */
  readonly rateLimited: number
  /** Answered another 4xx. */
  readonly clientError: number
  /** Answered 5xx. */
  readonly serverError: number
  /** No answer: connection errors and timeouts. */
  readonly network: number
}

/** Upper bounds of the request duration histogram, in seconds. */
export const REQUEST_DURATION_BUCKETS_SECONDS: readonly number[] =
  [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

/** Durations of push requests, whatever their outcome. */
export interface DurationHistogram {
  /** Requests measured. */
  readonly count: number
  /** Their durations added up. */
  readonly sumSeconds: number
  /**
   * Cumulative counts per bound of
   * {@link REQUEST_DURATION_BUCKETS_SECONDS}, as Prometheus has them.
   */
  readonly buckets: readonly number[]
}

/**
 * A snapshot of a client's counters; cheap enough to poll every second.
 * A plain object: it can cross a worker thread boundary as it is.
 */
export interface LokiStats {
  /** Entries given to `push()`, dropped ones included. */
  readonly pushed: number
  /** Encoded bytes of the entries queued (before compression). */
  readonly pushedBytes: number
  /** Entries Loki accepted. */
  readonly sent: number
  /** Bytes of request bodies Loki accepted, as sent (compressed). */
  readonly sentBytes: number
  /** Entries that will never be delivered, all reasons together. */
  readonly dropped: number
  /** `dropped` by reason; every reason is present. */
  readonly droppedByReason: Readonly<Record<DropReason, number>>
  /** Push attempts after the first, all batches together. */
  readonly retries: number
  /** Push requests by how they ended. */
  readonly requests: RequestCounts
  /** How long push requests took. */
  readonly requestDuration: DurationHistogram
  /** Entries kept after a fix: a timestamp replaced, a line cut, ... */
  readonly fixed: {
    readonly timestamps: number
    readonly lines: number
    readonly labelSets: number
    readonly metadata: number
  }
  /** Entries waiting for a batch. */
  readonly queuedEntries: number
  /** Encoded bytes of the entries waiting for a batch. */
  readonly queuedBytes: number
  /** Entries in push requests that have not ended yet. */
  readonly inFlightEntries: number
  /** Push requests that have not ended yet. */
  readonly inFlightRequests: number
  /** `push()` calls waiting for room in `block` mode. */
  readonly waitingPushes: number
  /** The last push failure, without credentials. */
  readonly lastError: {
    readonly message: string
    readonly status: number | undefined
    /** Milliseconds since the epoch. */
    readonly time: number
  } | undefined
  /** The spool's account, when the `spool` option is on. */
  readonly spool?: SpoolStats
}

/** The mutable counters behind {@link LokiStats}. */
export class Counters {
  pushed = 0
  pushedBytes = 0
  sent = 0
  sentBytes = 0
  dropped = 0
  readonly droppedByReason = Object.fromEntries(
    DROP_REASONS.map((reason) => [reason, 0])) as Record<DropReason, number>

  retries = 0
  readonly requests = {
    success: 0, rateLimited: 0, clientError: 0, serverError: 0, network: 0,
  }

  readonly duration = {
    count: 0,
    sumSeconds: 0,
    buckets: REQUEST_DURATION_BUCKETS_SECONDS.map(() => 0),
  }

  readonly fixed = { timestamps: 0, lines: 0, labelSets: 0, metadata: 0 }
  lastError: LokiStats['lastError'] = undefined

  countRequest (status: number | undefined): void {
    if (status === undefined) this.requests.network++
    else if (status < 300) this.requests.success++
    else if (status === 429) this.requests.rateLimited++
    else if (status < 500) this.requests.clientError++
    else this.requests.serverError++
  }

  observeDuration (seconds: number): void {
    const { duration } = this
    duration.count++
    duration.sumSeconds += seconds
    const { buckets } = duration
    for (let i = 0; i < buckets.length; i++) {
      if (seconds <= (REQUEST_DURATION_BUCKETS_SECONDS[i] ?? 0)) {
        buckets[i] = (buckets[i] ?? 0) + 1
      }
    }
  }

  countDrop (reason: DropReason, count: number): void {
    this.dropped += count
    this.droppedByReason[reason] += count
  }

  /** The counters as {@link LokiStats}, copied, with the queue's state. */
  snapshot (queue: QueueState): LokiStats {
    return {
      pushed: this.pushed,
      pushedBytes: this.pushedBytes,
      sent: this.sent,
      sentBytes: this.sentBytes,
      dropped: this.dropped,
      droppedByReason: { ...this.droppedByReason },
      retries: this.retries,
      requests: { ...this.requests },
      requestDuration: {
        count: this.duration.count,
        sumSeconds: this.duration.sumSeconds,
        buckets: [...this.duration.buckets],
      },
      fixed: { ...this.fixed },
      ...queue,
      lastError: this.lastError,
    }
  }
}

/** Where a client's entries are, for {@link Counters.snapshot}. */
export interface QueueState {
  readonly queuedEntries: number
  readonly queuedBytes: number
  readonly inFlightEntries: number
  readonly inFlightRequests: number
  readonly waitingPushes: number
}

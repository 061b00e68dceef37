// Running counters of a receiver, for assertions and the CLI summary.
import type { Discard, DiscardReason } from './discard.js'

/** Counters since start or the last `reset()`. */
export interface ReceiverStats {
  /** Requests seen (pushes and others). */
  readonly requests: number
  /** Answers by status; '0' counts requests never answered. */
  readonly requestsByStatus: Readonly<Record<string, number>>
  /** Body bytes received, as sent (before decompression). */
  readonly bodyBytesReceived: number
  /** Entries decoded from push bodies. */
  readonly entriesReceived: number
  /** Entries stored, duplicates and refusals excluded. */
  readonly entriesStored: number
  /** Entries dropped silently as identical to a stored one. */
  readonly duplicatesRemoved: number
  /** Entries refused, by Loki's discard reason. */
  readonly entriesRejected: Readonly<Partial<Record<DiscardReason, number>>>
  /** Streams stored, over all tenants. */
  readonly streams: number
}

interface Counts {
  requests: number
  requestsByStatus: Record<string, number>
  bodyBytesReceived: number
  entriesReceived: number
  entriesStored: number
  duplicatesRemoved: number
  entriesRejected: Partial<Record<DiscardReason, number>>
}

/** Accumulates the counters of `ReceiverStats`. */
export class StatsCounter {
  private counts = emptyCounts()

  /** Counts one request's answer. */
  answered (status: number): void {
    const key = String(status)
    const byStatus = this.counts.requestsByStatus
    byStatus[key] = (byStatus[key] ?? 0) + 1
  }

  /** Counts one request's arrival. */
  arrived (bodyBytes: number): void {
    this.counts.requests++
    this.counts.bodyBytesReceived += bodyBytes
  }

  /** Counts what a push did to entries. */
  ingested (
    received: number,
    stored: number,
    duplicates: number,
    discards: readonly Discard[]
  ): void {
    this.counts.entriesReceived += received
    this.counts.entriesStored += stored
    this.counts.duplicatesRemoved += duplicates
    const rejected = this.counts.entriesRejected
    for (const { reason, entries } of discards) {
      rejected[reason] = (rejected[reason] ?? 0) + entries
    }
  }

  /** A snapshot, with the store's stream count. */
  snapshot (streams: number): ReceiverStats {
    return {
      ...this.counts,
      requestsByStatus: { ...this.counts.requestsByStatus },
      entriesRejected: { ...this.counts.entriesRejected },
      streams,
    }
  }

  /** Back to zero. */
  clear (): void {
    this.counts = emptyCounts()
  }
}

function emptyCounts (): Counts {
  return {
    requests: 0,
    requestsByStatus: {},
    bodyBytesReceived: 0,
    entriesReceived: 0,
    entriesStored: 0,
    duplicatesRemoved: 0,
    entriesRejected: {},
  }
}

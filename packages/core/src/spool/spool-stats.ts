/**
 * The spool's part of `stats()`. With a spool the ledger reads
 * `pushed + replayed = sent + dropped + queuedEntries + inFlightEntries +
 * waitingPushes + diskOnlyEntries`.
 */
export interface SpoolStats {
  /** Entries an earlier run left in the directory, found at start. */
  readonly replayed: number
  /**
   * Entries on disk and not in memory: waiting for room in the memory
   * queue, or, after `close()` reached its deadline or the process
   * exited, kept for the next run instead of being dropped.
   */
  readonly diskOnlyEntries: number
  /** Entries in segment files that are neither sent nor dropped yet. */
  readonly unsettledEntries: number
  /** Bytes of the segment files. */
  readonly bytes: number
  readonly segments: number
  /** Damaged segments found at start and renamed `.corrupt`. */
  readonly quarantined: number
}

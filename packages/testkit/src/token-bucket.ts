// A token bucket on request body bytes, as Loki's tenant ingestion rate
// limit: a request that does not fit is refused whole and takes nothing.

/** The rate limiter of one receiver. */
export class TokenBucket {
  private tokens: number
  private updatedMs: number

  /**
   * @param bytesPerSecond - refill rate
   * @param burstBytes - capacity; the bucket starts full
   * @param nowMs - the clock's current time
   */
  constructor (
    readonly bytesPerSecond: number,
    readonly burstBytes: number,
    nowMs: number
  ) {
    this.tokens = burstBytes
    this.updatedMs = nowMs
  }

  /** Takes `bytes` if the bucket holds that many, else takes nothing. */
  take (bytes: number, nowMs: number): boolean {
    const elapsedMs = Math.max(0, nowMs - this.updatedMs)
    this.tokens = Math.min(
      this.burstBytes,
      this.tokens + (elapsedMs * this.bytesPerSecond) / 1000
    )
    this.updatedMs = nowMs
    if (bytes > this.tokens) return false
    this.tokens -= bytes
    return true
  }
}

// Timestamps: Loki's are integer nanoseconds, the receiver's clock counts
// milliseconds, and Loki's messages print RFC 3339 seconds.

/** Nanoseconds in one millisecond. */
export const NS_PER_MS = 1_000_000n

/** Converts clock milliseconds (possibly fractional) to nanoseconds. */
export function msToNs (ms: number): bigint {
  return BigInt(Math.floor(ms)) * NS_PER_MS
}

/** Formats nanoseconds as Go's `time.RFC3339` in UTC, as Loki prints. */
export function formatRfc3339 (ns: bigint): string {
  const ms = Number(ns / NS_PER_MS)
  const date = new Date(ms)
  if (Number.isNaN(date.getTime())) return `${ns}ns`
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

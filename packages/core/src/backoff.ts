/**
 * Delay before retry number `attempt` (from 1): "full jitter", a uniform
 * draw below a ceiling that doubles from `minDelayMs` up to `maxDelayMs`.
 * Spreading retries this way keeps many clients from retrying in step
 * after a shared outage.
 */
export function backoffDelay (
  attempt: number,
  minDelayMs: number,
  maxDelayMs: number,
  random: () => number,
): number {
  const ceiling = Math.min(maxDelayMs, minDelayMs * 2 ** (attempt - 1))
  return Math.floor(random() * ceiling)
}

/**
 * Reads `Retry-After` (seconds, or an HTTP date) as milliseconds from
 * `now`; undefined when absent or unreadable. Loki sends none, but the
 * gateways and proxies in front of it do.
 */
export function parseRetryAfter (
  header: string | undefined, now: number,
): number | undefined {
  if (header === undefined || header === '') return undefined
  const trimmed = header.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

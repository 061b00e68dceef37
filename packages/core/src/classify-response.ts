import type { PushOutcome } from './push-outcome.js'

// The ingester's gRPC limit (4 MiB by default) shows as a 500 naming the
// gRPC status or the size check: a smaller request will pass.
const TOO_LARGE = /ResourceExhausted|larger than max/i

/**
 * Decides what an HTTP answer from Loki means for the batch, following
 * Loki's own semantics:
 *
 * | status                        | outcome                               |
 * | ----------------------------- | ------------------------------------- |
 * | 2xx                           | sent                                  |
 * | 260                           | dropped: ingestion blocked            |
 * | 413, 500 "too large"          | split the batch                       |
 * | 429                           | retry, or drop when rate limits drop   |
 * | 408, other 5xx                | retry                                 |
 * | other 4xx                     | dropped (a 400's valid part is saved) |
 */
export function classifyResponse (
  status: number,
  error: string,
  retryAfterMs: number | undefined,
  retryRateLimited: boolean,
): PushOutcome {
  if (status === 260) {
    return { kind: 'dropped', reason: 'ingestion_blocked', status, error }
  }
  if (status >= 200 && status < 300) return { kind: 'sent', status }
  if (status === 413 || (status === 500 && TOO_LARGE.test(error))) {
    return { kind: 'split', status, error }
  }
  if (status === 429) {
    return retryRateLimited
      ? { kind: 'retry', status, error, retryAfterMs }
      : { kind: 'dropped', reason: 'rate_limited', status, error }
  }
  if (status === 408 || status >= 500) {
    return { kind: 'retry', status, error, retryAfterMs }
  }
  // 400 means Loki stored the valid part of the request: resent whole it
  // could never succeed for the rest (the delivery loop may probe halves).
  return { kind: 'dropped', reason: 'rejected', status, error }
}

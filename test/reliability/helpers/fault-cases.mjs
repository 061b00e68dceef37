// What a Loki (or the network in front of it) can do wrong for a while,
// as scripts for a testkit receiver: the cases the fault matrix runs in
// every overflow mode through every logger kind.
import assert from 'node:assert/strict'

/** Lines each case logs. */
export const COUNT = 200
// Retries come quickly so that a storm passes in milliseconds; the tests
// wait on events, never on these delays.
export const RETRY = { minDelayMs: 5, maxDelayMs: 20, maxAttempts: 1000 }
// A backoff far longer than any Retry-After below, and a cap on
// Retry-After below each of them: a retry that waited its backoff instead
// of the header would show a random draw below a minute instead of the
// cap (and the test would sit out that draw).
const MAX_RETRY_AFTER_MS = 10
const HONOUR_RETRY_AFTER = { retry: { ...RETRY, minDelayMs: 60_000,
  maxDelayMs: 60_000, maxRetryAfterMs: MAX_RETRY_AFTER_MS } }
const TOO_LARGE_500 = 'rpc error: code = ResourceExhausted desc = grpc: ' +
  'received message larger than max (4194305 vs. 4194304)'

export const times = (count, step) =>
  Array.from({ length: count }, () => step)
const statuses = (...list) => list.map((status) => ({ status }))

/** An HTTP date `ms` from now, as a gateway writes Retry-After. */
export const httpDateIn = (ms) => new Date(Date.now() + ms).toUTCString()

/** Each retry waited min(Retry-After, maxRetryAfterMs), none its backoff. */
function waitedAsTold ({ logger, steps }) {
  assert.deepEqual(logger.retryDelays(),
    steps.map(() => MAX_RETRY_AFTER_MS), 'each retry waited as told')
}

/**
 * Each push reset after it was stored came again, and Loki's
 * de-duplication removed every entry of the resend.
 */
function resendsDeduplicated ({ receiver }) {
  const reset = receiver.requests()
    .filter((request) => /after storing/.test(request.error ?? ''))
  assert.ok(reset.length > 0, 'a push was stored, then reset')
  const resent = reset.reduce((sum, r) => sum + r.entriesReceived, 0)
  assert.equal(receiver.stats().duplicatesRemoved, resent,
    'every entry of a push reset after storing came again, as a duplicate')
}

/**
 * [what the receiver does, extra options, its script (made when the case
 *  runs), what else the run must show ({ logger, receiver, steps }),
 *  whether the drop modes run it too]
 */
export const FAULTS = [
  ['a storm of 429s without Retry-After', {},
    () => times(15, { status: 429, body: 'Ingestion rate limit exceeded' }),
    undefined, true],
  ['a storm of 429s with Retry-After: 1, each retry waiting what it ' +
    `says capped by maxRetryAfterMs (${MAX_RETRY_AFTER_MS}), not its ` +
    'backoff', HONOUR_RETRY_AFTER,
  () => times(15, { status: 429, headers: { 'retry-after': '1' } }),
  waitedAsTold, true],
  ['a storm of 429s with an HTTP-date Retry-After an hour ahead, each ' +
    'retry waiting the capped hour, not its backoff', HONOUR_RETRY_AFTER,
  () => times(5, { status: 429,
    headers: { 'retry-after': httpDateIn(3600_000) } }),
  waitedAsTold, false],
  ['a burst of 500, 502, 503 and 504 answers', {},
    () => statuses(500, 502, 503, 504, 500, 502, 503, 504), undefined, true],
  ['connections reset before the push is stored', {},
    () => times(6, { reset: true }), undefined, true],
  ['connections reset after the push is stored: the resend is ' +
    'de-duplicated', {},
  () => times(6, { resetAfterStore: true }), resendsDeduplicated, true],
  ['pushes accepted and never answered (timeouts)', { timeoutMs: 250 },
    () => times(2, { hang: true }), undefined, true],
  ['a 413 and a "too large" 500', {},
    () => [{ status: 413, body: 'request body too large' },
      { status: 500, body: TOO_LARGE_500 }], undefined, false],
]

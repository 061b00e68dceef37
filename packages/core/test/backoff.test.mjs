import assert from 'node:assert/strict'
import { test } from 'node:test'
import { backoffDelay, parseRetryAfter } from '../dist/esm/backoff.js'

test('backoff ceilings double from minDelayMs up to maxDelayMs', () => {
  const ceilings = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) =>
    backoffDelay(attempt, 500, 30_000, () => 0.999999))
  assert.deepEqual(ceilings,
    [499, 999, 1999, 3999, 7999, 15999, 29999, 29999])
})

test('backoff draws below the ceiling from the given random source', () => {
  assert.equal(backoffDelay(3, 500, 30_000, () => 0), 0)
  assert.equal(backoffDelay(3, 500, 30_000, () => 0.5), 1000)
})

test('Retry-After reads seconds and HTTP dates', () => {
  const now = Date.parse('2026-01-01T00:00:00Z')
  assert.equal(parseRetryAfter('3', now), 3000)
  assert.equal(parseRetryAfter(' 0 ', now), 0)
  assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now), 10_000)
  assert.equal(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now), 0)
  assert.equal(parseRetryAfter('soon', now), undefined)
  assert.equal(parseRetryAfter(undefined, now), undefined)
})

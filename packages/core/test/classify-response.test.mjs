import assert from 'node:assert/strict'
import { test } from 'node:test'
import { classifyResponse } from '../dist/esm/classify-response.js'

const TOO_LARGE = 'rpc error: code = ResourceExhausted desc = grpc: ' +
  'received message larger than max (5000000 vs. 4194304)'

// [status, first line of the body, retryRateLimited, expected outcome]
const TABLE = [
  [204, '', true, 'sent'],
  [200, '', true, 'sent'],
  [260, 'ingestion blocked', true, 'dropped:ingestion_blocked'],
  [400, 'entry too far behind', true, 'dropped:rejected'],
  [401, 'no org id', true, 'dropped:rejected'],
  [403, 'forbidden', true, 'dropped:rejected'],
  [404, 'not found', true, 'dropped:rejected'],
  [405, 'method not allowed', true, 'dropped:rejected'],
  [422, 'no streams', true, 'dropped:rejected'],
  [413, 'request entity too large', true, 'split'],
  [500, TOO_LARGE, true, 'split'],
  [500, 'trying to send message larger than max', true, 'split'],
  [429, 'Ingestion rate limit exceeded', true, 'retry'],
  [429, 'Ingestion rate limit exceeded', false, 'dropped:rate_limited'],
  [408, 'timeout', true, 'retry'],
  [500, 'internal error', true, 'retry'],
  [502, 'bad gateway', true, 'retry'],
  [503, 'unavailable', true, 'retry'],
  [504, 'gateway timeout', true, 'retry'],
]

for (const [status, body, retryRateLimited, expected] of TABLE) {
  test(`classifies ${status} "${body.slice(0, 30)}" as ${expected}` +
    (retryRateLimited ? '' : ' when rate limits drop'), () => {
    const outcome = classifyResponse(status, body, undefined,
      retryRateLimited)
    const got = outcome.kind === 'dropped'
      ? `dropped:${outcome.reason}`
      : outcome.kind
    assert.equal(got, expected)
  })
}

test('a retry outcome carries the Retry-After delay', () => {
  const outcome = classifyResponse(503, '', 7000, true)
  assert.equal(outcome.kind, 'retry')
  assert.equal(outcome.retryAfterMs, 7000)
})

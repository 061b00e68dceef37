import assert from 'node:assert/strict'
import { test } from 'node:test'
import { LokiClient, LokiOptionsError } from '@lokits/core'

const url = 'http://127.0.0.1:1'

const BAD = [
  ['url', { url: 'not a url' }],
  ['url', { url: 'ftp://example.com' }],
  ['url', { url: 42 }],
  ['maxEntries', { url, maxEntries: 0 }],
  ['maxBytes', { url, maxBytes: '1mb' }],
  ['maxWaitMs', { url, maxWaitMs: -1 }],
  ['maxInFlight', { url, maxInFlight: 1.5 }],
  ['overflow', { url, overflow: 'drop' }],
  ['encoding', { url, encoding: 'xml' }],
  ['gzip', { url, gzip: true }],
  ['tenant', { url, tenant: '..' }],
  ['tenant', { url, tenant: 'a/b' }],
  ['labels', { url, labels: 'app=x' }],
  ['headers.X-Scope-OrgID', { url, headers: { 'X-Scope-OrgID': 'other' } }],
  ['headers.x', { url, headers: { x: 1 } }],
  ['retry.maxAttempts', { url, retry: { maxAttempts: 0 } }],
  ['retry.maxDelayMs', { url, retry: { minDelayMs: 100, maxDelayMs: 10 } }],
  ['onDrop', { url, onDrop: 'log' }],
  ['basicAuth', { url, basicAuth: { username: 'u' } }],
  ['bearerToken', { url, bearerToken: 't', basicAuth: { username: 'u',
    password: 'p' } }],
  ['lineTooLong', { url, lineTooLong: 'cut' }],
]

for (const [option, options] of BAD) {
  test(`rejects a bad ${option} with a typed error naming it`, () => {
    assert.throws(() => new LokiClient(options), (error) => {
      assert.ok(error instanceof LokiOptionsError)
      assert.equal(error.code, 'LOKI_INVALID_OPTION')
      assert.equal(error.option, option)
      assert.match(error.message, new RegExp(`"${option.replace('.', '\\.')}"`))
      return true
    })
  })
}

test('an option error never shows credentials', () => {
  const secret = 's3cret-token'
  for (const options of [
    { url: `http://user:${secret}@`, maxEntries: 1 },
    { url, bearerToken: secret, basicAuth: { username: 'u', password: 'p' } },
    { url, basicAuth: { username: 'u', password: secret, extra: 1 },
      headers: { authorization: 1 } },
  ]) {
    assert.throws(() => new LokiClient(options), (error) => {
      assert.doesNotMatch(error.message, new RegExp(secret))
      return true
    })
  }
})

test('rejects options that are not an object', () => {
  assert.throws(() => new LokiClient(undefined), LokiOptionsError)
})

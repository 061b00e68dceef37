import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'
import { LokiOptionsError, LokiTransport } from '@lokits/winston'

const url = 'http://127.0.0.1:9'

const refuses = (options, option) => assert.throws(
  () => new LokiTransport(options),
  (error) => error instanceof LokiOptionsError &&
    error.code === 'LOKI_INVALID_OPTION' && error.option === option)

test('a wrong lineFormat is refused, naming the option', () => {
  refuses({ url, lineFormat: 'yaml' }, 'lineFormat')
})

test('a wrong levelLabel is refused, naming the option', () => {
  refuses({ url, levelLabel: '' }, 'levelLabel')
  refuses({ url, levelLabel: true }, 'levelLabel')
})

test('labelKeys and metadataKeys must be arrays of field names', () => {
  refuses({ url, labelKeys: 'service' }, 'labelKeys')
  refuses({ url, metadataKeys: ['ok', 7] }, 'metadataKeys')
})

test('omitPromotedKeys must be a boolean', () => {
  refuses({ url, omitPromotedKeys: 'yes' }, 'omitPromotedKeys')
})

test("the client's own options are validated too", () => {
  refuses({ url, maxQueueEntries: 0 }, 'maxQueueEntries')
  refuses({ url, onDropReport: 'loudly' }, 'onDropReport')
  refuses(undefined, 'options')
})

test("winston's standard options reach the transport", () => {
  const transport = new LokiTransport({ url, level: 'warn', silent: true,
    handleExceptions: true, handleRejections: true })

  assert.equal(transport.level, 'warn')
  assert.equal(transport.silent, true)
  assert.equal(transport.handleExceptions, true)
  assert.equal(transport.handleRejections, true)
  return transport.close()
})

test('the CommonJS build exports the same API', () => {
  const require = createRequire(import.meta.url)
  const cjs = require('@lokits/winston')

  assert.equal(typeof cjs.LokiTransport, 'function')
  assert.equal(typeof cjs.LokiDropError, 'function')
  assert.notEqual(cjs.LokiTransport, LokiTransport)
})

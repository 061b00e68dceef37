import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'
import winston from 'winston'
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

test('worker must be a boolean, and true refuses options that need the ' +
  "application's thread", () => {
  refuses({ url, worker: 'yes' }, 'worker')
  refuses({ url, worker: true, random: Math.random }, 'random')
  refuses({ url, worker: true, dispatcher: {} }, 'dispatcher')
})

test("with an option that needs the application's thread, the default " +
  'runs the client there', async () => {
  // The clock is called in this thread: a worker's client could not.
  let timers = 0
  const clock = {
    now: () => Date.now(),
    setTimeout: (fn, ms) => {
      timers++
      return setTimeout(fn, ms).unref()
    },
    clearTimeout: (handle) => clearTimeout(handle),
  }
  const transport = new LokiTransport({ url, clock })
  const logger = winston.createLogger({ transports: [transport] })
  logger.info('waits for its batch')
  assert.ok(timers > 0)
  await transport.close({ timeoutMs: 0 })
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

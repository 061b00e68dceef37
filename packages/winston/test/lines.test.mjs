import assert from 'node:assert/strict'
import { test } from 'node:test'
import winston from 'winston'
import { setup, stored } from './helpers.mjs'

const { format } = winston

test("the logger's format output is the line", async (t) => {
  const { receiver, transport, logger } = await setup(t, {},
    { format: format.printf((info) => `${info.level}: ${info.message}`) })

  logger.info('hello')

  const [entry] = await stored(receiver, transport, 1)
  assert.equal(entry.line, 'info: hello')
})

test("winston's default JSON format output is the line", async (t) => {
  const { receiver, transport, logger } = await setup(t)

  logger.info('hello', { user: 'ann' })

  const [entry] = await stored(receiver, transport, 1)
  assert.deepEqual(JSON.parse(entry.line),
    { level: 'info', message: 'hello', user: 'ann' })
})

test("the transport's format replaces the logger's", async (t) => {
  const { receiver, transport, logger } = await setup(t,
    { format: format.printf((info) => `T ${info.message}`) },
    { format: format.printf((info) => `L ${info.message}`) })

  logger.info('hello')

  const [entry] = await stored(receiver, transport, 1)
  assert.equal(entry.line, 'T hello')
})

test('without a format output the line is JSON of the info', async (t) => {
  const { receiver, transport, logger } = await setup(t, {},
    { format: format.label({ label: 'api' }) })

  logger.info('hello', { user: 'ann' })

  const [entry] = await stored(receiver, transport, 1)
  assert.deepEqual(JSON.parse(entry.line),
    { level: 'info', message: 'hello', user: 'ann', label: 'api' })
})

test("lineFormat: 'logfmt' builds the line from the info", async (t) => {
  const { receiver, transport, logger } = await setup(t,
    { lineFormat: 'logfmt' })

  logger.info('hello world', { user: 'ann', n: 3 })

  const [entry] = await stored(receiver, transport, 1)
  assert.equal(entry.line, 'user=ann n=3 level=info message="hello world"')
})

test("lineFormat: 'message' sends info.message alone", async (t) => {
  const { receiver, transport, logger } = await setup(t,
    { lineFormat: 'message', metadataKeys: ['user'] })

  logger.info('hello', { user: 'ann' })

  const [entry] = await stored(receiver, transport, 1)
  assert.equal(entry.line, 'hello')
  assert.deepEqual(entry.structuredMetadata, { user: 'ann' })
})

test("lineFormat: 'json' wins over the format's output", async (t) => {
  const { receiver, transport, logger } = await setup(t,
    { lineFormat: 'json' }, { format: format.simple() })

  logger.info('hello')

  const [entry] = await stored(receiver, transport, 1)
  assert.deepEqual(JSON.parse(entry.line), { level: 'info', message: 'hello' })
})

test('omitPromotedKeys leaves promoted fields out of built lines',
  async (t) => {
    const { receiver, transport, logger } = await setup(t, {
      lineFormat: 'json', omitPromotedKeys: true,
      labelKeys: ['service'], metadataKeys: ['trace_id'],
    }, { defaultMeta: { service: 'api' } })

    logger.info('hello', { trace_id: 't1', user: 'ann' })

    const [entry] = await stored(receiver, transport, 1)
    assert.deepEqual(JSON.parse(entry.line),
      { level: 'info', message: 'hello', user: 'ann' })
    assert.equal(entry.labels.service, 'api')
    assert.deepEqual(entry.structuredMetadata, { trace_id: 't1' })
  })

test('promoted fields stay in built lines by default', async (t) => {
  const { receiver, transport, logger } = await setup(t,
    { lineFormat: 'json', labelKeys: ['service'] },
    { defaultMeta: { service: 'api' } })

  logger.info('hello')

  const [entry] = await stored(receiver, transport, 1)
  assert.equal(JSON.parse(entry.line).service, 'api')
})

test('an Error logged as the info keeps its message and stack',
  async (t) => {
    const { receiver, transport, logger } = await setup(t,
      { lineFormat: 'json' })

    logger.error(new Error('boom'))

    const [entry] = await stored(receiver, transport, 1)
    const line = JSON.parse(entry.line)
    assert.equal(line.message, 'boom')
    assert.match(line.stack, /^Error: boom\n/)
  })

test('circular meta still makes a line', async (t) => {
  const { receiver, transport, logger } = await setup(t,
    { lineFormat: 'json' })
  const meta = { name: 'loop' }
  meta.self = meta

  logger.info('cycle', meta)

  const [entry] = await stored(receiver, transport, 1)
  // winston copies the meta's fields into the info: `self` is the meta.
  assert.deepEqual(JSON.parse(entry.line).self,
    { name: 'loop', self: '[Circular]' })
})

test('an info with a throwing getter is shipped as a report', async (t) => {
  const { receiver, transport } = await setup(t, { labelKeys: ['bad'] })
  const info = { level: 'info', message: 'hi' }
  Object.defineProperty(info, 'bad', {
    enumerable: true, get () { throw new Error('getter broke') },
  })

  transport.log(info, () => {})

  const [entry] = await stored(receiver, transport, 1)
  assert.match(entry.line, /could not be read: getter broke/)
})

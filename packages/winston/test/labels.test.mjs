import assert from 'node:assert/strict'
import { test } from 'node:test'
import winston from 'winston'
import { labelsOf, setup, stored } from './helpers.mjs'

test('static labels are on every stream', async (t) => {
  const { receiver, transport, logger } =
    await setup(t, { labels: { app: 'shop', env: 'prod' } })

  logger.info('one')
  logger.error('two')

  const entries = await stored(receiver, transport, 2)
  assert.deepEqual(entries.map(labelsOf),
    [{ app: 'shop', env: 'prod' }, { app: 'shop', env: 'prod' }])
})

test('labelKeys promote defaultMeta fields to labels', async (t) => {
  const { receiver, transport, logger } = await setup(t,
    { labelKeys: ['service'] }, { defaultMeta: { service: 'api' } })

  logger.info('hello')

  const [entry] = await stored(receiver, transport, 1)
  assert.deepEqual(labelsOf(entry), { service: 'api' })
})

test('labelKeys promote child logger meta to labels', async (t) => {
  const { receiver, transport, logger } =
    await setup(t, { labelKeys: ['component'] })

  logger.child({ component: 'billing' }).info('charged')

  const [entry] = await stored(receiver, transport, 1)
  assert.deepEqual(labelsOf(entry), { component: 'billing' })
})

test('labelKeys promote per-call meta, over defaultMeta', async (t) => {
  const { receiver, transport, logger } = await setup(t,
    { labelKeys: ['service', 'region'] }, { defaultMeta: { service: 'api' } })

  logger.info('hello', { service: 'worker', region: 'eu' })

  const [entry] = await stored(receiver, transport, 1)
  assert.deepEqual(labelsOf(entry), { service: 'worker', region: 'eu' })
})

test('a dotted labelKey reaches into nested meta', async (t) => {
  const { receiver, transport, logger } =
    await setup(t, { labelKeys: ['req.method'] })

  logger.info('request', { req: { method: 'GET', url: '/x' } })

  const [entry] = await stored(receiver, transport, 1)
  assert.deepEqual(labelsOf(entry), { req_method: 'GET' })
})

test('a labelKey missing from the info adds no label', async (t) => {
  const { receiver, transport, logger } =
    await setup(t, { labels: { app: 'shop' }, labelKeys: ['tenant'] })

  logger.info('no tenant here')

  const [entry] = await stored(receiver, transport, 1)
  assert.deepEqual(entry.labels, { app: 'shop', level: 'info' })
})

test('the level label is named "level" by default', async (t) => {
  const { receiver, transport, logger } = await setup(t)

  logger.warn('careful')

  const [entry] = await stored(receiver, transport, 1)
  assert.deepEqual(entry.labels, { level: 'warn' })
})

test('levelLabel renames the level label', async (t) => {
  const { receiver, transport, logger } =
    await setup(t, { levelLabel: 'severity' })

  logger.warn('careful')

  const [entry] = await stored(receiver, transport, 1)
  assert.deepEqual(entry.labels, { severity: 'warn' })
})

test('levelLabel: false sends no level label', async (t) => {
  const { receiver, transport, logger } =
    await setup(t, { levelLabel: false, labels: { app: 'shop' } })

  logger.warn('careful')

  const [entry] = await stored(receiver, transport, 1)
  assert.deepEqual(entry.labels, { app: 'shop' })
})

test('a colourised level never reaches the label', async (t) => {
  const { receiver, transport, logger } = await setup(t,
    { labelKeys: ['level'] },
    { format: winston.format.combine(winston.format.colorize(),
      winston.format.simple()) })

  logger.error('red')

  const [entry] = await stored(receiver, transport, 1)
  assert.deepEqual(entry.labels, { level: 'error' })
  assert.match(entry.line, /\u001b\[/, 'the line keeps the colours')
})

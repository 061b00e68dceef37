import assert from 'node:assert/strict'
import { test } from 'node:test'
import winston from 'winston'
import { setup, stored } from './helpers.mjs'

const levelsOf = (entries) => entries.map((entry) => entry.labels.level)

test('npm levels reach the level label', async (t) => {
  const { receiver, transport, logger } = await setup(t, {},
    { level: 'silly' })

  for (const level of Object.keys(winston.config.npm.levels)) {
    logger[level](`at ${level}`)
  }

  const entries = await stored(receiver, transport, 7)
  assert.deepEqual(levelsOf(entries),
    ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'])
})

test('syslog levels reach the level label', async (t) => {
  const { receiver, transport, logger } = await setup(t, {},
    { levels: winston.config.syslog.levels, level: 'debug' })

  for (const level of Object.keys(winston.config.syslog.levels)) {
    logger[level](`at ${level}`)
  }

  const entries = await stored(receiver, transport, 8)
  assert.deepEqual(levelsOf(entries), ['emerg', 'alert', 'crit', 'error',
    'warning', 'notice', 'info', 'debug'])
})

test('a custom level set reaches the level label', async (t) => {
  const levels = { fatal: 0, oops: 1, note: 2 }
  const { receiver, transport, logger } = await setup(t, {},
    { levels, level: 'note' })

  logger.fatal('down')
  logger.oops('hm')
  logger.log('note', 'fyi')

  const entries = await stored(receiver, transport, 3)
  assert.deepEqual(levelsOf(entries), ['fatal', 'oops', 'note'])
})

test("the transport's level option filters what it ships", async (t) => {
  const { receiver, transport, logger } = await setup(t, { level: 'warn' },
    { level: 'debug' })

  logger.debug('skipped')
  logger.info('skipped too')
  logger.warn('kept')

  const entries = await stored(receiver, transport, 1)
  assert.deepEqual(entries.map((e) => e.line.includes('kept')), [true])
  assert.equal(transport.stats().pushed, 1)
})

test('a silent transport ships nothing', async (t) => {
  const { transport, logger } = await setup(t, { silent: true })

  logger.error('hidden')
  await transport.flush()

  assert.equal(transport.stats().pushed, 0)
})

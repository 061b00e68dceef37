import assert from 'node:assert/strict'
import { test } from 'node:test'
import winston from 'winston'
import { nanoseconds, setup, stored } from './helpers.mjs'

const { format } = winston

/** A format that sets `info.timestamp` to the given value. */
const stamp = (value) => format((info) => {
  info.timestamp = value
  return info
})()

/** A millisecond time a minute ago: inside the window Loki accepts. */
const minuteAgo = () => Math.floor(Date.now() / 1000) * 1000 - 60_000

test('an ISO timestamp from format.timestamp() is kept exactly',
  async (t) => {
    const { receiver, transport, logger } = await setup(t, {},
      { format: format.combine(format.timestamp(), format.json()) })
    const logged = []
    transport.on('logged', (info) => logged.push(info.timestamp))

    logger.info('stamped')

    const [entry] = await stored(receiver, transport, 1)
    assert.equal(entry.timestamp, nanoseconds(logged[0]))
  })

test('an ISO timestamp keeps its sub-millisecond digits', async (t) => {
  const iso = new Date(minuteAgo()).toISOString().replace('Z', '123456Z')
  const { receiver, transport, logger } = await setup(t, {},
    { format: stamp(iso) })

  logger.info('precise')

  const [entry] = await stored(receiver, transport, 1)
  assert.equal(entry.timestamp, nanoseconds(iso, 123_456n))
})

test('an epoch number is read as milliseconds', async (t) => {
  const ms = minuteAgo() + 7
  const { receiver, transport, logger } = await setup(t, {},
    { format: format.combine(format.timestamp({ format: () => ms }),
      format.json()) })

  logger.info('numbered')

  const [entry] = await stored(receiver, transport, 1)
  assert.equal(entry.timestamp, `${ms}000000`)
})

test('a string of epoch milliseconds is read as milliseconds',
  async (t) => {
    const ms = minuteAgo() + 9
    const { receiver, transport, logger } = await setup(t, {},
      { format: stamp(String(ms)) })

    logger.info('digits')

    const [entry] = await stored(receiver, transport, 1)
    assert.equal(entry.timestamp, `${ms}000000`)
  })

test('without a timestamp the capture time is used', async (t) => {
  const { receiver, transport, logger } = await setup(t)

  const before = BigInt(Date.now()) * 1_000_000n
  logger.info('now')
  const after = BigInt(Date.now() + 1) * 1_000_000n

  const [entry] = await stored(receiver, transport, 1)
  const at = BigInt(entry.timestamp)
  assert.ok(at >= before && at < after, `${at} in [${before}, ${after})`)
})

test('an unreadable timestamp falls back to the capture time, counted',
  async (t) => {
    const { receiver, transport, logger } = await setup(t, {},
      { format: stamp('half past ten') })

    const before = BigInt(Date.now()) * 1_000_000n
    logger.info('vague')

    const [entry] = await stored(receiver, transport, 1)
    assert.ok(BigInt(entry.timestamp) >= before)
    assert.equal(transport.stats().fixed.timestamps, 1)
  })

test('identical lines with the same timestamp are all stored', async (t) => {
  const iso = new Date(minuteAgo()).toISOString()
  const { receiver, transport, logger } = await setup(t, {},
    { format: format.combine(stamp(iso), format.printf(() => 'same')) })

  for (let i = 0; i < 100; i++) logger.info('same')

  const entries = await stored(receiver, transport, 100)
  assert.equal(new Set(entries.map((e) => e.timestamp)).size, 100)
  assert.equal(entries[0].timestamp, nanoseconds(iso))
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import winston from 'winston'
import { setup, stored } from './helpers.mjs'

test('a rejected push is reported as "warn" and never as "error"',
  async (t) => {
    // A quiet onDropReport: no process warning in the test output.
    const { receiver, transport, logger } =
      await setup(t, { onDropReport: () => {} })
    const reports = []
    const errors = []
    logger.on('warn', (report) => reports.push(report))
    transport.on('error', (error) => errors.push(error))
    receiver.fail({ status: 400, body: 'bad request' })

    logger.info('refused')
    await transport.flush()

    assert.deepEqual(reports.map((r) => r.byReason), [{ rejected: 1 }])
    assert.match(reports[0].message, /dropped 1 log entry \(rejected: 1\)/)
    assert.deepEqual(errors, [])
    assert.equal(transport.stats().droppedByReason.rejected, 1)
  })

test('onError and a custom onDropReport still hear every drop',
  async (t) => {
    const errors = []
    const reports = []
    const { receiver, transport, logger } = await setup(t, {
      onError: (error) => errors.push(error.code),
      onDropReport: (report) => reports.push(report.byReason),
    })
    receiver.fail({ status: 400 })

    logger.info('refused')
    await transport.flush()

    assert.deepEqual(errors, ['LOKI_PUSH_FAILED', 'LOKI_DROPPED'])
    assert.deepEqual(reports, [{ rejected: 1 }])
  })

test('onDropReport: false turns the "warn" reports off', async (t) => {
  const { receiver, transport, logger } =
    await setup(t, { onDropReport: false })
  const reports = []
  transport.on('warn', (report) => reports.push(report))
  receiver.fail({ status: 400 })

  logger.info('refused')
  await transport.flush()

  assert.deepEqual(reports, [])
  assert.equal(transport.stats().droppedByReason.rejected, 1)
})

test("a throwing transport format ships a report, and nothing throws",
  async (t) => {
    const broken = winston.format(() => { throw new Error('bad format') })
    const { receiver, transport, logger } = await setup(t,
      { format: broken() })

    logger.warn('lost?', { n: 1 })

    const [entry] = await stored(receiver, transport, 1)
    assert.match(entry.line, /format threw "bad format" on \{.*"n":1/)
    assert.equal(entry.labels.level, 'warn')
  })

test('a transport format that returns false ships nothing', async (t) => {
  const quiet = winston.format((info) => info.message !== 'secret' && info)
  const { receiver, transport, logger } = await setup(t,
    { format: quiet() })

  logger.info('secret')
  logger.info('public')

  const entries = await stored(receiver, transport, 1)
  assert.deepEqual(entries.map((e) => e.line.includes('public')), [true])
  assert.equal(transport.stats().pushed, 1)
})

test('entries logged after close() are counted as closed', async (t) => {
  const { transport } = await setup(t, { onDropReport: () => {} })
  const reports = []
  transport.on('warn', (report) => reports.push(report.byReason))
  await transport.close()

  transport.log({ level: 'info', message: 'late' }, () => {})

  assert.deepEqual(reports, [{ closed: 1 }])
  assert.equal(transport.stats().droppedByReason.closed, 1)
})

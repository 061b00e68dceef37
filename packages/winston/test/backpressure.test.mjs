import assert from 'node:assert/strict'
import { once } from 'node:events'
import { test } from 'node:test'
import { LokiDropError } from '@lokits/winston'
import { setup, stored } from './helpers.mjs'

const info = (i) => ({ level: 'info', message: `entry ${i}`, i })
// An info as the logger hands it over, its level under winston's symbol.
const LEVEL = Symbol.for('level')
const handed = (i) => ({ ...info(i), [LEVEL]: 'info' })

test("block mode: a stalled Loki holds winston's callback, not memory",
  async (t) => {
    const { receiver, transport, logger } = await setup(t,
      { overflow: 'block', maxQueueEntries: 10, maxEntries: 10 })
    let logged = 0
    transport.on('logged', () => logged++)
    receiver.stall()

    // Only winston's stream buffers, bounded by their highWaterMarks, sit
    // between the application and the full queue.
    let written = 0
    while (logger.write(info(written++))) {
      assert.ok(written < 1000, 'logger.write() never pushed back')
    }
    await receiver.waitForRequests(1)

    assert.equal(logged, 10, 'the queue bound, not one entry more')
    assert.equal(transport.stats().waitingPushes, 1)
    assert.equal(transport.stats().dropped, 0)

    receiver.resume()
    await once(logger, 'drain')
    const entries = await receiver.waitForEntries(written)
    await transport.flush()
    assert.deepEqual(entries.map((e) => JSON.parse(e.line).i),
      Array.from({ length: written }, (_, i) => i))
    assert.equal(logged, written)
  })

test('drop-new: drops are counted, reported to onDrop and as "warn"',
  async (t) => {
    let logged = 0
    const dropped = []
    let handled
    const allHandled = new Promise((resolve) => { handled = resolve })
    const check = () => logged + dropped.length === 20 && handled()
    const { receiver, transport, logger } = await setup(t, {
      overflow: 'drop-new', maxQueueEntries: 5, onDropReport: () => {},
      onDrop: (entries, reason) =>
        check(dropped.push([reason, entries.length])),
    })
    transport.on('logged', () => check(logged++))
    const reports = []
    logger.on('warn', (report) => reports.push(report))
    receiver.stall()

    for (let i = 0; i < 20; i++) logger.info(`entry ${i}`, { i })
    await allHandled

    assert.equal(logged, 5)
    assert.equal(transport.stats().droppedByReason.queue_full, 15)
    assert.deepEqual(dropped, Array(15).fill(['queue_full', 1]))
    receiver.resume()
    const entries = await receiver.waitForEntries(5)
    assert.deepEqual(entries.map((e) => JSON.parse(e.line).i), [0, 1, 2, 3, 4])
    await transport.close()
    // The first drop is reported at once, the rest in the summary that
    // close() sends.
    assert.deepEqual(reports.map((r) => [r.first, r.byReason]),
      [[true, { queue_full: 1 }], [false, { queue_full: 14 }]])
  })

test('logger.end() under backpressure delivers what the logger still held',
  async (t) => {
    const { receiver, transport, logger } = await setup(t,
      { overflow: 'block', maxQueueEntries: 10, maxEntries: 10 })
    receiver.stall()
    for (let i = 0; i < 200; i++) logger.info(`entry ${i}`, { i })
    await receiver.waitForRequests(1)
    assert.ok(logger.readableLength > 0, 'winston holds infos back')

    logger.end()
    receiver.resume()
    await once(logger, 'finish')

    assert.equal(receiver.entries().length, 200)
    assert.equal(transport.stats().dropped, 0)
  })

test('logger.end() with Loki gone: all is counted by closeTimeoutMs',
  async (t) => {
    const { receiver, transport, logger } = await setup(t, {
      overflow: 'block', maxQueueEntries: 10, maxEntries: 10,
      closeTimeoutMs: 100, onDropReport: () => {},
    })
    receiver.stall()
    // Few enough that the logger's own writes are done, while some infos
    // still wait in its buffer for the blocked transport: 10 queued, one
    // waiting for room, and the logger's readable buffer holds 16 at most.
    for (let i = 0; i < 25; i++) logger.info(`entry ${i}`, { i })
    await receiver.waitForRequests(1)
    assert.equal(logger.writableLength, 0)
    assert.ok(logger.readableLength > 0)

    logger.end()
    await once(logger, 'finish')

    const { pushed, dropped, droppedByReason } = transport.stats()
    assert.equal(pushed, 25)
    assert.equal(dropped, 25)
    assert.ok(droppedByReason.shutdown > 0 && droppedByReason.closed > 0,
      JSON.stringify(droppedByReason))
  })

test("write() takes each info at once; in block mode it returns false " +
  "while a push waits for room, and 'drain' follows", async (t) => {
  const { receiver, transport } = await setup(t,
    { overflow: 'block', maxQueueEntries: 3, maxEntries: 3 })
  let logged = 0
  transport.on('logged', () => logged++)
  receiver.stall()

  const taken = [0, 1, 2].map((i) => transport.write(handed(i)))
  assert.deepEqual(taken, [true, true, true])
  assert.equal(logged, 3, 'queued within the write, not a tick later')
  assert.equal(transport.write(handed(3)), false, 'the queue is full')
  assert.equal(transport._writableState.needDrain, true)
  assert.equal(transport.stats().waitingPushes, 1)

  receiver.resume()
  await once(transport, 'drain')
  assert.equal(transport._writableState.needDrain, false)
  assert.equal(logged, 4)
  assert.equal(transport.write(handed(4)), true)
  const entries = await stored(receiver, transport, 5)
  assert.deepEqual(entries.map((e) => JSON.parse(e.line).i), [0, 1, 2, 3, 4])
})

test('a direct write with a callback is called back once queued, ' +
  'on a later tick', async (t) => {
  const { receiver, transport } = await setup(t)
  let calledBack = false
  transport.write(handed(0), () => { calledBack = true })
  assert.equal(calledBack, false, 'a writable stream never calls back ' +
    'within write()')
  await new Promise((resolve) => process.nextTick(resolve))
  assert.equal(calledBack, true)
  const entries = await stored(receiver, transport, 1)
  assert.equal(JSON.parse(entries[0].line).i, 0)
})

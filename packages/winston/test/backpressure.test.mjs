import assert from 'node:assert/strict'
import { once } from 'node:events'
import { test } from 'node:test'
import { LokiDropError } from '@lokits/winston'
import { setup, stored } from './helpers.mjs'

const info = (i) => ({ level: 'info', message: `entry ${i}`, i })

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
    // still wait in its buffer for the blocked transport.
    for (let i = 0; i < 30; i++) logger.info(`entry ${i}`, { i })
    await receiver.waitForRequests(1)
    assert.equal(logger.writableLength, 0)
    assert.ok(logger.readableLength > 0)

    logger.end()
    await once(logger, 'finish')

    const { pushed, dropped, droppedByReason } = transport.stats()
    assert.equal(pushed, 30)
    assert.equal(dropped, 30)
    assert.ok(droppedByReason.shutdown > 0 && droppedByReason.closed > 0,
      JSON.stringify(droppedByReason))
  })

test("a transport whose stream buffer is full at every write still gets " +
  "each info: its 'drain' comes after the write that returned false",
async (t) => {
  const { receiver, transport, logger } = await setup(t)
  // One info fills the buffer: each write returns false and the logger
  // waits for 'drain' before it hands over the next one.
  transport._writableState.highWaterMark = 1
  let refused = 0
  const write = transport.write
  transport.write = function (...args) {
    const taken = write.apply(this, args)
    if (!taken) refused++
    return taken
  }

  for (let i = 0; i < 50; i++) logger.info(`entry ${i}`, { i })
  const entries = await stored(receiver, transport, 50)

  assert.equal(refused, 50)
  assert.deepEqual(entries.map((e) => JSON.parse(e.line).i),
    Array.from({ length: 50 }, (_, i) => i))
})

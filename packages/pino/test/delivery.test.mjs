import assert from 'node:assert/strict'
import { test } from 'node:test'
import { startLokiReceiver } from '@lokits/testkit'
import { runPinoApp, startFlushingApp } from './helpers/pino-app.mjs'

async function receiverFor (t) {
  const receiver = await startLokiReceiver()
  t.after(() => receiver.close())
  return receiver
}

test("a full queue holds pino's lines back instead of dropping them",
  async (t) => {
    const receiver = await receiverFor(t)
    receiver.stall()

    const running = runPinoApp({
      receiver,
      scenario: 'oneThousand',
      options: { maxQueueEntries: 10, maxEntries: 10, closeTimeoutMs: 9000 },
    })
    await receiver.waitForRequests(1)
    receiver.resume()
    const run = await running

    assert.equal(run.code, 0, run.stderr)
    assert.equal(receiver.entries().length, 1000)
    assert.equal(run.events.stats.dropped, 0)
  })

test('logger.flush() sends what was logged without waiting for a batch',
  async (t) => {
    const receiver = await receiverFor(t)

    const app = await startFlushingApp({
      receiver, scenario: 'oneHundred', options: { maxWaitMs: 600_000 },
    })
    const storedAtFlush = receiver.entries().length
    const code = await app.end()

    assert.equal(app.output, 'flushed')
    assert.equal(storedAtFlush, 100)
    assert.equal(code, 0)
  })

test("the transport works as one of pino's targets", async (t) => {
  const receiver = await receiverFor(t)

  const run = await runPinoApp({
    receiver, scenario: 'customLevels', targets: true,
  })

  assert.equal(run.code, 0, run.stderr)
  assert.deepEqual(receiver.entries().map((e) => e.labels.level), ['audit'])
})

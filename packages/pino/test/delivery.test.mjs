import assert from 'node:assert/strict'
import { test } from 'node:test'
import { startLokiReceiver } from '@lokits/testkit'
import { runPinoApp, startPinoApp } from './helpers/pino-app.mjs'

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

    const app = startPinoApp({
      receiver, scenario: 'oneHundred', ending: 'flush',
      options: { maxWaitMs: 600_000 },
    })
    const output = await app.firstOutput()
    const storedAtFlush = receiver.entries().length
    app.child.stdin.end()

    assert.equal(output, 'flushed')
    assert.equal(storedAtFlush, 100)
    assert.equal(await app.exited, 0)
  })

test("the transport works as one of pino's targets", async (t) => {
  const receiver = await receiverFor(t)

  const run = await runPinoApp({
    receiver, scenario: 'customLevels', targets: true,
  })

  assert.equal(run.code, 0, run.stderr)
  assert.deepEqual(receiver.entries().map((e) => e.labels.level), ['audit'])
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { startLokiReceiver } from '@lokits/testkit'
import { runPinoApp } from './helpers/pino-app.mjs'

async function failingReceiver (t) {
  const receiver = await startLokiReceiver()
  t.after(() => receiver.close())
  receiver.fail({ status: 500 })
  return receiver
}

// Retries that would outlast pino's 10 s wait for its worker: only the
// close deadline can end these runs in time.
const options = { closeTimeoutMs: 500, retry: { maxAttempts: 1000 } }

test('a Loki that answers 500 to everything: every line is counted as ' +
  'dropped at the close deadline', async (t) => {
  const receiver = await failingReceiver(t)

  const run = await runPinoApp({ receiver, scenario: 'oneHundred', options })

  assert.equal(run.code, 0, run.stderr)
  assert.equal(receiver.entries().length, 0)
  assert.ok(receiver.requests().length > 0)
  const { stats, drops } = run.events
  assert.equal(stats.pushed, 100)
  assert.equal(stats.dropped, 100)
  assert.equal(stats.droppedByReason.shutdown, 100)
  assert.equal(drops.reduce((sum, report) => sum + report.dropped, 0), 100)
})

const endings = {
  exit: 'calls process.exit()',
  natural: 'ends on its own',
}

for (const [ending, how] of Object.entries(endings)) {
  test('a Loki that answers 500 to everything neither crashes nor holds ' +
    `an app that ${how}`, async (t) => {
    const receiver = await failingReceiver(t)

    const run = await runPinoApp({
      receiver, scenario: 'oneHundred', ending, options,
    })

    assert.equal(run.code, 0, run.stderr)
    assert.doesNotMatch(run.stderr, /Error/)
    assert.equal(receiver.entries().length, 0)
  })
}

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { startLokiReceiver } from '@lokits/testkit'
import { runPinoApp } from './helpers/pino-app.mjs'

async function receiverFor (t) {
  const receiver = await startLokiReceiver()
  t.after(() => receiver.close())
  return receiver
}

function indexes (entries) {
  return new Set(entries.map((e) => JSON.parse(e.line).i))
}

const endings = {
  exit: 'process.exit(0) straight after 10,000 lines',
  natural: 'an event loop that runs dry after 10,000 lines',
}

for (const [ending, how] of Object.entries(endings)) {
  test(`${how} delivers all of them`, async (t) => {
    const receiver = await receiverFor(t)

    const run = await runPinoApp({
      receiver, scenario: 'tenThousand', ending,
    })

    assert.equal(run.code, 0, run.stderr)
    const entries = receiver.entries()
    assert.equal(entries.length, 10_000)
    assert.equal(indexes(entries).size, 10_000)
  })
}

test('transport.end() delivers everything and reports no drops',
  async (t) => {
    const receiver = await receiverFor(t)

    const run = await runPinoApp({ receiver, scenario: 'tenThousand' })

    assert.equal(run.code, 0, run.stderr)
    assert.equal(receiver.entries().length, 10_000)
    assert.equal(run.events.stats.sent, 10_000)
    assert.equal(run.events.stats.dropped, 0)
    assert.deepEqual(run.events.drops, [])
  })

test("a crash logged with pino's fatal pattern is delivered with what " +
  'came before it', async (t) => {
  const receiver = await receiverFor(t)

  const run = await runPinoApp({
    receiver, scenario: 'tenThousand', ending: 'crash',
  })

  assert.equal(run.code, 1)
  const entries = receiver.entries()
  assert.equal(entries.length, 10_001)
  const fatal = entries.find((e) => e.labels.level === 'fatal')
  const record = JSON.parse(fatal.line)
  assert.equal(record.msg, 'uncaught exception')
  assert.equal(record.err.message, 'boom')
  assert.match(record.err.stack, /Error: boom/)
})

test('a closeTimeoutMs longer than pino waits for its worker is refused ' +
  'at start', async (t) => {
  const receiver = await receiverFor(t)

  // Ending on its own, the app is still listening when pino reports the
  // worker's failure; a blocking transport.end() would hide it.
  const run = await runPinoApp({
    receiver, scenario: 'oneHundred', ending: 'natural',
    options: { closeTimeoutMs: 20_000 },
  })

  assert.notEqual(run.code, 0)
  assert.match(run.stderr, /option "closeTimeoutMs" must be at most 9000/)
  assert.equal(receiver.entries().length, 0)
})

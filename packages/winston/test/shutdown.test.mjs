import assert from 'node:assert/strict'
import { test } from 'node:test'
import { startLokiReceiver } from '@lokits/testkit'
import { runFixture } from './helpers.mjs'

async function receiverFor (t) {
  const receiver = await startLokiReceiver()
  t.after(() => receiver.close())
  return receiver
}

const indexes = (entries) =>
  new Set(entries.map((entry) => JSON.parse(entry.line).i))

// Each way an application may stop, run in a child process that logs and
// then stops that way. The fixture's batches wait a minute to fill, so
// only the shutdown path itself can deliver in time; a process that does
// not exit on its own fails through runFixture's guard.
const SHUTDOWNS = [
  ['logger.end() then "finish"', 'end', 10_000],
  ['await transport.close()', 'close', 10_000],
  ['logger.close(), then the process ends on its own', 'logger-close',
    10_000],
  ['an idle transport after flush() lets the process end', 'idle', 3],
  ['a process that just ends', 'natural', 100],
]

for (const [how, mode, count] of SHUTDOWNS) {
  test(`${how}: all ${count} entries are stored`, async (t) => {
    const receiver = await receiverFor(t)

    const { code, stderr } =
      await runFixture('ship.mjs', [receiver.url, mode, count])

    assert.equal(code, 0, stderr)
    const entries = receiver.entries()
    assert.equal(entries.length, count)
    assert.equal(indexes(entries).size, count)
  })
}

/** The first line of each stored message, in order. */
const messages = (receiver) => receiver.entries()
  .map((entry) => JSON.parse(entry.line).message.split('\n')[0])

test('an uncaught exception with handleExceptions: the crash is stored',
  async (t) => {
    const receiver = await receiverFor(t)

    const { code, stdout } =
      await runFixture('crash.mjs', [receiver.url, 'exception'])

    assert.equal(code, 1)
    assert.equal(stdout, 'finish\n', 'the handler was told to go on')
    assert.deepEqual(messages(receiver),
      ['before the crash', 'uncaughtException: boom'])
    assert.equal(JSON.parse(receiver.entries()[1].line).exception, true)
  })

test('an unhandled rejection with handleRejections: the crash is stored',
  async (t) => {
    const receiver = await receiverFor(t)

    const { code, stdout } =
      await runFixture('crash.mjs', [receiver.url, 'rejection'])

    assert.equal(code, 1)
    assert.equal(stdout, 'finish\n')
    assert.deepEqual(messages(receiver),
      ['before the crash', 'unhandledRejection: broken promise'])
  })

test('with exitOnError: false the transport keeps shipping after a crash',
  async (t) => {
    const receiver = await receiverFor(t)

    const { code, stdout } =
      await runFixture('crash.mjs', [receiver.url, 'exception', 'survive'])

    assert.equal(code, 0)
    assert.equal(stdout, '', "no 'finish': it would unpipe the transport")
    assert.deepEqual(messages(receiver),
      ['before the crash', 'uncaughtException: boom', 'after the crash'])
  })

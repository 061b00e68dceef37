import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { startLokiReceiver } from '@lokits/testkit'
import { runPinoApp, startPinoApp } from './helpers/pino-app.mjs'

async function setUp (t) {
  const receiver = await startLokiReceiver()
  const dir = await mkdtemp(join(tmpdir(), 'lokits-pino-spool-'))
  t.after(async () => {
    await receiver.close()
    await rm(dir, { recursive: true, force: true })
  })
  return { receiver, spool: { dir } }
}

test('with a spool, what Loki refused until exit is sent by the next run',
  async (t) => {
    const { receiver, spool } = await setUp(t)
    receiver.fail({ status: 500 })

    const first = await runPinoApp({
      receiver, scenario: 'oneHundred',
      options: { spool, closeTimeoutMs: 500, retry: { maxAttempts: 1000 } },
    })
    receiver.fail(null)
    const second = await runPinoApp({
      receiver, scenario: 'levels', options: { spool },
    })

    assert.equal(first.code, 0, first.stderr)
    assert.equal(first.events.stats.dropped, 0)
    assert.equal(first.events.stats.spool.diskOnlyEntries, 100)
    assert.equal(second.code, 0, second.stderr)
    assert.equal(second.events.stats.spool.replayed, 100)
    assert.equal(receiver.entries().length, 103)
  })

test('with a spool, SIGKILL loses nothing the worker had taken from pino',
  async (t) => {
    const { receiver, spool } = await setUp(t)
    receiver.stall()

    // One batch of all 100 lines: once it is on the wire, every line is
    // in the spool.
    const app = startPinoApp({
      receiver, scenario: 'oneHundred', ending: 'wait',
      options: { spool, maxEntries: 100, maxWaitMs: 600_000 },
    })
    await receiver.waitForRequests(1)
    app.child.kill('SIGKILL')
    assert.equal(await app.exited, 'SIGKILL')
    receiver.resume()
    const next = await runPinoApp({
      receiver, scenario: 'levels', options: { spool },
    })

    assert.equal(next.code, 0, next.stderr)
    const lines = receiver.entries().map((e) => JSON.parse(e.line))
    assert.equal(lines.filter((record) => record.i !== undefined).length, 100)
    assert.equal(lines.length, 103)
  })

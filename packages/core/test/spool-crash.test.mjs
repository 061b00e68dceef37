import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { startLokiReceiver } from '@lokits/testkit'
import { listSegments } from '../dist/esm/spool/segment-file.js'
import { SegmentReader } from '../dist/esm/spool/segment-reader.js'
import {
  assertLedger, spoolDir, spooledClient,
} from './fixtures/spool-setup.mjs'

const APP = fileURLToPath(
  new URL('./fixtures/spool-pino-app.mjs', import.meta.url))
const HEADER_BYTES = 8

async function receiverFor (t) {
  const receiver = await startLokiReceiver()
  t.after(() => receiver.close())
  return receiver
}

function indexes (receiver) {
  return receiver.entries().map((e) => JSON.parse(e.line).i)
}

/** The `i` of every record in the spool's segments, read as they are. */
function spooledIndexes (dir) {
  const found = []
  for (const { path } of listSegments(dir)) {
    const reader = new SegmentReader(path, HEADER_BYTES, Infinity)
    for (let r = reader.read(); typeof r === 'object'; r = reader.read()) {
      found.push(JSON.parse(r.line).i)
    }
    reader.close()
  }
  return found
}

const range = (n) => Array.from({ length: n }, (_, i) => i)

test('a pino app killed with SIGKILL mid-run loses nothing it accepted: ' +
  'the next run sends the rest, duplicates only where Loki removes them',
async (t) => {
  const receiver = await receiverFor(t)
  const dir = spoolDir(t)
  const app = spawn(process.execPath,
    [APP, JSON.stringify({ url: receiver.url, dir })],
    { stdio: ['ignore', 'ignore', 'inherit'] })
  t.after(() => app.kill('SIGKILL'))

  await receiver.waitForEntries(2000, { timeoutMs: 60_000 })
  app.kill('SIGKILL')
  await once(app, 'exit')
  const onDisk = spooledIndexes(dir)
  const accepted = [...indexes(receiver), ...onDisk]
    .reduce((max, i) => Math.max(max, i), -1) + 1
  const { client } = spooledClient(t, receiver, dir)
  await client.flush()

  const stored = indexes(receiver)
  assert.equal(new Set(stored).size, stored.length, 'each line stored once')
  // Lines reach the client in order: all up to the last accepted one.
  assert.deepEqual([...stored].sort((a, b) => a - b), range(accepted))
  const stats = client.stats()
  assert.ok(stats.spool.replayed > 0)
  assert.equal(stats.spool.replayed, onDisk.length)
  assert.equal(stats.sent, stats.spool.replayed)
  assert.equal(stats.dropped, 0)
  assertLedger(stats)
})

test('with Loki down for the whole first run, the second run delivers ' +
  'every entry', async (t) => {
  const down = await startLokiReceiver()
  await down.close()
  const dir = spoolDir(t)
  const config = JSON.stringify({ url: down.url, dir, count: 3000 })

  const { stdout } = await promisify(execFile)(process.execPath,
    [APP, config])

  const first = JSON.parse(stdout.trim().split('\n').at(-1))
  assert.equal(first.pushed, 3000)
  assert.equal(first.sent, 0)
  assert.equal(first.dropped, 0)
  assert.equal(first.spool.diskOnlyEntries, 3000)
  assertLedger(first)
  const receiver = await receiverFor(t)
  const { client } = spooledClient(t, receiver, dir)
  await client.flush()
  assert.deepEqual(indexes(receiver).sort((a, b) => a - b), range(3000))
  assert.equal(client.stats().spool.replayed, 3000)
  assertLedger(client.stats())
})

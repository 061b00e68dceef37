import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import {
  appendFileSync, existsSync, readFileSync, readdirSync, writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { LokiClient, LokiSpoolError } from '@lokits/core'
import { startLokiReceiver } from '@lokits/testkit'
import {
  PATIENT, assertLedger, lines, numbered, segments, spoolDir, spooledClient,
} from './fixtures/spool-setup.mjs'

const HOLDER = fileURLToPath(
  new URL('./fixtures/spool-holder.mjs', import.meta.url))
const HEADER_BYTES = 8

async function receiverFor (t) {
  const receiver = await startLokiReceiver()
  t.after(() => receiver.close())
  return receiver
}

/** Leaves `count` entries in `dir` as a run that could not send them. */
async function leaveEntries (t, receiver, dir, count, spool = {}) {
  receiver.fail({ status: 503 })
  const { client } = spooledClient(t, receiver, dir, { ...PATIENT, spool })
  for (const line of numbered('left ', count)) client.push({ line })
  await client.close({ timeoutMs: 0 })
  assert.equal(client.stats().spool.diskOnlyEntries, count)
  receiver.fail(null)
  return segments(dir).map((name) => join(dir, name))
}

/** Byte offsets of the records of a segment file. */
function recordOffsets (bytes) {
  const offsets = []
  for (let at = HEADER_BYTES; at < bytes.length;
    at += 8 + bytes.readUInt32LE(at)) {
    offsets.push(at)
  }
  return offsets
}

test('a torn last record is cut and the records before it are sent',
  async (t) => {
    const receiver = await receiverFor(t)
    const dir = spoolDir(t)
    const [path] = await leaveEntries(t, receiver, dir, 10)
    const bytes = readFileSync(path)
    // A crash in the middle of a write: half of a record at the end.
    const [first, second] = recordOffsets(bytes)
    appendFileSync(path, bytes.subarray(first, first + (second - first) / 2))

    const { client, errors } = spooledClient(t, receiver, dir)
    await client.flush()

    assert.deepEqual(lines(receiver), numbered('left ', 10))
    assert.deepEqual(errors, [])
    assert.equal(client.stats().spool.replayed, 10)
    assertLedger(client.stats())
  })

test('a last record that fails its checksum is cut, not sent', async (t) => {
  const receiver = await receiverFor(t)
  const dir = spoolDir(t)
  const [path] = await leaveEntries(t, receiver, dir, 10)
  const bytes = readFileSync(path)
  bytes[bytes.length - 3] ^= 0xff
  writeFileSync(path, bytes)

  const { client, errors } = spooledClient(t, receiver, dir)
  await client.flush()

  assert.deepEqual(lines(receiver), numbered('left ', 9))
  assert.deepEqual(errors, [])
  assertLedger(client.stats())
})

test('a segment damaged before its end is quarantined and reported; ' +
  'the client starts and sends everything else', async (t) => {
  const receiver = await receiverFor(t)
  const dir = spoolDir(t)
  const paths = await leaveEntries(t, receiver, dir, 40,
    { segmentBytes: 1024 })
  assert.ok(paths.length >= 3, 'several segments')
  const damaged = paths[1]
  const bytes = readFileSync(damaged)
  const offsets = recordOffsets(bytes)
  bytes[offsets[2] + 20] ^= 0xff
  writeFileSync(damaged, bytes)
  const inFirst = recordOffsets(readFileSync(paths[0])).length

  const { client, errors } = spooledClient(t, receiver, dir)
  await client.flush()

  assert.equal(errors.length, 1)
  assert.ok(errors[0] instanceof LokiSpoolError)
  assert.equal(errors[0].code, 'LOKI_SPOOL_CORRUPT')
  assert.equal(errors[0].path, damaged)
  assert.ok(existsSync(`${damaged}.corrupt`))
  const lost = new Set(numbered('left ', 40)
    .slice(inFirst + 2, inFirst + offsets.length))
  assert.deepEqual(lines(receiver),
    numbered('left ', 40).filter((line) => !lost.has(line)))
  const stats = client.stats()
  assert.equal(stats.spool.quarantined, 1)
  assert.equal(stats.spool.replayed, 40 - lost.size)
  assertLedger(stats)
  await client.close()
  assert.deepEqual(readdirSync(dir), [`${damaged.split('/').at(-1)}.corrupt`])
})

test('a second client on the same directory gets LOKI_SPOOL_LOCKED',
  async (t) => {
    const receiver = await receiverFor(t)
    const dir = spoolDir(t)
    const { client } = spooledClient(t, receiver, dir)

    assert.throws(() => new LokiClient({ url: receiver.url, spool: { dir } }),
      (error) => error instanceof LokiSpoolError &&
        error.code === 'LOKI_SPOOL_LOCKED' && error.path === dir)
    await client.close()
    const next = spooledClient(t, receiver, dir)
    next.client.push({ line: 'after' })
    await next.client.flush()
    assert.deepEqual(lines(receiver), ['after'])
  })

test('a directory held by another live process is refused', async (t) => {
  const receiver = await receiverFor(t)
  const dir = spoolDir(t)
  const holder = spawn(process.execPath, [HOLDER, receiver.url, dir],
    { stdio: ['pipe', 'pipe', 'inherit'] })
  t.after(() => holder.kill())
  const [ready] = await once(holder.stdout, 'data')
  assert.equal(String(ready).trim(), 'holding')

  assert.throws(() => new LokiClient({ url: receiver.url, spool: { dir } }),
    (error) => error.code === 'LOKI_SPOOL_LOCKED' &&
      error.message.includes(String(holder.pid)))
  holder.stdin.end()
  await once(holder, 'exit')
  const { client } = spooledClient(t, receiver, dir)
  client.push({ line: 'mine now' })
  await client.flush()
  assert.deepEqual(lines(receiver), ['mine now'])
})

test('a lock left by a process that no longer runs is taken over',
  async (t) => {
    const receiver = await receiverFor(t)
    const dir = spoolDir(t)
    const gone = spawn(process.execPath, ['-e', ''])
    await once(gone, 'exit')
    writeFileSync(join(dir, 'lock'), `${gone.pid}\n`)

    const { client } = spooledClient(t, receiver, dir)
    client.push({ line: 'taken over' })
    await client.flush()

    assert.deepEqual(lines(receiver), ['taken over'])
    assert.equal(readFileSync(join(dir, 'lock'), 'latin1'), `${process.pid}\n`)
  })

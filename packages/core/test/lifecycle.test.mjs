import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { LokiClient, LokiDropError, LokiWorkerClient } from '@lokits/core'
import { startLokiReceiver } from '@lokits/testkit'
import { FakeClock } from './helpers/fake-clock.mjs'
import { clientAndReceiver, dropCounts } from './helpers/setup.mjs'

const run = promisify(execFile)
const fixture = join(dirname(fileURLToPath(import.meta.url)),
  'fixtures', 'push-and-forget.mjs')

test('close() sends everything held before it resolves', async (t) => {
  const { client, receiver } = await clientAndReceiver(t,
    { maxWaitMs: 3_600_000 })
  for (let i = 0; i < 100; i++) client.push({ line: String(i) })
  await client.close()
  assert.equal(receiver.entries().length, 100)
  assert.equal(client.stats().queuedEntries, 0)
})

test('close() waits for in-flight pushes', async (t) => {
  const { client, receiver } = await clientAndReceiver(t)
  receiver.script([{ delayMs: 50 }])
  client.push({ line: 'slow' })
  await client.flush().then(() => {}, () => {})
  client.push({ line: 'later' })
  await client.close()
  assert.deepEqual(receiver.entries().map((e) => e.line), ['slow', 'later'])
})

test('close() past its deadline counts the rest as shutdown drops',
  async (t) => {
    const clock = new FakeClock()
    const { client, receiver, drops } = await clientAndReceiver(t,
      { clock, maxEntries: 4 })
    receiver.stall()
    for (let i = 0; i < 10; i++) client.push({ line: String(i) })
    const closed = client.close({ timeoutMs: 2000 })
    clock.advance(2000)
    await closed
    assert.deepEqual(dropCounts(drops), { shutdown: 10 })
    const stats = client.stats()
    assert.equal(stats.droppedByReason.shutdown, 10)
    assert.equal(stats.queuedEntries + stats.inFlightEntries, 0)
    assert.equal(stats.pushed, stats.sent + stats.dropped)
  })

for (const Client of [LokiClient, LokiWorkerClient]) {
  test(`${Client.name}: close() is idempotent and pushes after it are ` +
    'dropped as closed', async (t) => {
    const { client, drops } =
      await clientAndReceiver(t, {}, undefined, Client)
    const first = client.close()
    assert.equal(client.close(), first)
    await first
    const result = client.push({ line: 'late' })
    assert.ok(result instanceof LokiDropError)
    assert.equal(result.reason, 'closed')
    assert.deepEqual(dropCounts(drops), { closed: 1 })
  })
}

test('close() also releases pushes waiting in block mode', async (t) => {
  const clock = new FakeClock()
  const { client, receiver } = await clientAndReceiver(t,
    { clock, maxQueueEntries: 2, maxEntries: 1 })
  receiver.stall()
  client.push({ line: 'a' })
  client.push({ line: 'b' })
  const waiting = client.push({ line: 'c' })
  const closed = client.close({ timeoutMs: 10 })
  clock.advance(10)
  await closed
  const result = await waiting
  assert.ok(result instanceof LokiDropError)
  assert.equal(result.reason, 'shutdown')
})

test('[Symbol.asyncDispose] closes the client', async () => {
  const receiver = await startLokiReceiver()
  try {
    const client = new LokiClient({ url: receiver.url })
    client.push({ line: 'disposed' })
    await client[Symbol.asyncDispose]()
    assert.equal(receiver.entries().length, 1)
  } finally {
    await receiver.close()
  }
})

test('a script that pushes and never closes sends and exits by itself',
  async () => {
    const receiver = await startLokiReceiver()
    try {
      await run(process.execPath, [fixture, receiver.url], { timeout: 20_000 })
      assert.equal(receiver.entries().length, 5)
    } finally {
      await receiver.close()
    }
  })

test('with Loki unreachable, the script still exits and reports the drops',
  async () => {
    // A port that was free a moment ago: connections are refused.
    const server = createServer().listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    const { port } = server.address()
    await new Promise((resolve) => server.close(resolve))
    const { stdout } = await run(process.execPath,
      [fixture, `http://127.0.0.1:${port}`], { timeout: 20_000 })
    assert.equal(stdout, 'dropped 5 shutdown\n')
  })

test('pushes waiting for room before close() are still delivered',
  async (t) => {
    const { client, receiver, drops } = await clientAndReceiver(t,
      { maxQueueEntries: 2, maxEntries: 1 })
    receiver.stall()
    client.push({ line: 'a' })
    client.push({ line: 'b' })
    const waiting = client.push({ line: 'c' })
    assert.ok(waiting instanceof Promise)
    const closed = client.close({ timeoutMs: 10_000 })
    receiver.resume()
    await closed
    assert.equal(await waiting, undefined)
    assert.deepEqual(receiver.entries().map((e) => e.line), ['a', 'b', 'c'])
    assert.deepEqual(drops, [])
  })

// A hostile or broken receiver, written as raw TCP on 127.0.0.1: huge and
// endless answers, answers trickling a byte at a time, headers that never
// end. None may exhaust the client's memory, hang a push, or hold close()
// past its deadline; every entry still ends in the ledger.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { once } from 'node:events'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { LokiClient } from '@lokits/core'
import { FakeClock } from '../../packages/core/test/helpers/fake-clock.mjs'
import { nonZero } from './helpers/ledger.mjs'
import { holdingOpen } from './helpers/loggers.mjs'
import { hostileServer, trickle, writeForever } from './helpers/servers.mjs'

const COUNT = 5
// More bytes than the client may ever hold of an answer: far above the
// 1 KiB it keeps of an error and undici's 128 KiB drain of a success,
// far below what an endless answer would reach if it were read whole.
const MAX_ANSWER_BYTES = 64 * 1024 * 1024
const CHUNK = Buffer.alloc(64 * 1024, 'x')

function clientFor (server, options = {}) {
  const drops = {}
  const client = new LokiClient({
    url: server.url,
    onDropReport: false,
    retry: { minDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 },
    onDrop: (entries, reason) => {
      drops[reason] = (drops[reason] ?? 0) + entries.length
    },
    ...options,
  })
  for (let i = 0; i < COUNT; i++) client.push({ line: `entry #${i}#` })
  return { client, drops }
}

/** The ledger where the receiver stores nothing: sent by stats, dropped. */
function assertAccounted (client, drops, expected) {
  const stats = client.stats()
  assert.equal(stats.pushed, COUNT)
  assert.equal(stats.queuedEntries + stats.inFlightEntries, 0)
  assert.equal(stats.sent + stats.dropped, COUNT)
  assert.deepEqual(nonZero(stats.droppedByReason), drops)
  assert.deepEqual(drops, expected)
}

test('a huge, endless error body: the push ends after its first KiB, is ' +
  'retried, then counted as max_retries', async (t) => {
  const server = await hostileServer(t, (socket) => {
    socket.write('HTTP/1.1 500 Internal Server Error\r\n' +
      'content-type: text/plain\r\ncontent-length: 107374182400\r\n\r\n')
    writeForever(socket, CHUNK)
  })
  const { client, drops } = clientFor(server)

  await holdingOpen(client.close())

  assertAccounted(client, drops, { max_retries: COUNT })
  assert.equal(server.seen.requests, 2)
  assert.ok(client.stats().lastError.message.length <= 2048)
  for (const bytes of server.seen.closed) assert.ok(bytes < MAX_ANSWER_BYTES)
})

test('an endless success body: the push counts as sent without reading ' +
  'it all', async (t) => {
  const server = await hostileServer(t, (socket) => {
    socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n' +
      'connection: close\r\n\r\n')
    writeForever(socket, CHUNK)
  })
  const { client, drops } = clientFor(server)

  await holdingOpen(client.close())

  assertAccounted(client, drops, {})
  assert.equal(client.stats().sent, COUNT)
  for (const bytes of server.seen.closed) assert.ok(bytes < MAX_ANSWER_BYTES)
})

test('headers that never end are refused at the header limit, retried, ' +
  'then counted as max_retries', async (t) => {
  const server = await hostileServer(t, (socket) => {
    socket.write('HTTP/1.1 200 OK\r\n')
    writeForever(socket, Buffer.from(`x-pad: ${'y'.repeat(1000)}\r\n`))
  })
  const { client, drops } = clientFor(server)

  await holdingOpen(client.close())

  assertAccounted(client, drops, { max_retries: COUNT })
  assert.equal(server.seen.requests, 2)
})

test('a slowloris answer trickling a byte at a time is cut off by ' +
  'timeoutMs, then counted as max_retries', async (t) => {
  const server = await hostileServer(t, (socket) => {
    trickle(socket, 'HTTP/1.1 200 OK\r\nx-slow: ' + 'z'.repeat(100_000))
  })
  const { client, drops } = clientFor(server, { timeoutMs: 200 })

  await holdingOpen(client.close({ timeoutMs: 60_000 }))

  assertAccounted(client, drops, { max_retries: COUNT })
  assert.match(client.stats().lastError.message, /timed out/)
})

test('close() resolves at its deadline while a slowloris answer trickles, ' +
  'counting the entries as shutdown', { timeout: 30_000 }, async (t) => {
  const clock = new FakeClock()
  let arrived
  const request = new Promise((resolve) => { arrived = resolve })
  const server = await hostileServer(t, (socket) => {
    arrived(socket)
    trickle(socket, 'HTTP/1.1 200 OK\r\nx-slow: ' + 'z'.repeat(100_000))
  })
  // Only the close deadline, on the fake clock, can end this push.
  const { client, drops } = clientFor(server, { clock, timeoutMs: 600_000 })

  const closed = client.close({ timeoutMs: 1000 })
  const socket = await request
  clock.advance(1000)
  await closed

  assertAccounted(client, drops, { shutdown: COUNT })
  await once(socket, 'close')
})

test('an awaited flush() holds the process until its entries are sent ' +
  'or dropped', async () => {
  const fixture = fileURLToPath(
    new URL('./fixtures/flush-and-exit.mjs', import.meta.url))
  const server = 'http://127.0.0.1:9'

  const { code, stdout } = await new Promise((resolve) => {
    execFile(process.execPath, [fixture, server], (error, out) =>
      resolve({ code: error === null ? 0 : error.code, stdout: out }))
  })

  assert.equal(code, 0)
  assert.equal(JSON.parse(stdout).max_retries, 1)
})

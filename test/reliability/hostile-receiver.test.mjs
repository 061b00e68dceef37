// A hostile or broken receiver, written as raw TCP on 127.0.0.1: huge and
// endless answers, answers trickling a byte at a time, headers that never
// end. None may exhaust the client's memory, hang a push, or hold close()
// past its deadline; every entry still ends in the ledger.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { test } from 'node:test'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { LokiClient } from '@lokits/core'
import { FakeClock } from '../../packages/core/test/helpers/fake-clock.mjs'
import { assertLedger, nonZero } from './helpers/ledger.mjs'
import { holdingOpen, LOGGERS, startLogger } from './helpers/loggers.mjs'
import {
  freePort, hostileServer, trickle, writeForever,
} from './helpers/servers.mjs'

const COUNT = 5
// More bytes than the client may ever hold of an answer: far above the
// 1 KiB it keeps of an error and undici's 128 KiB drain of a success,
// far below what an endless answer would reach if it were read whole.
const MAX_ANSWER_BYTES = 64 * 1024 * 1024
const CHUNK = Buffer.alloc(64 * 1024, 'x')
const MiB = 1024 * 1024

// Answers that never end: [what the receiver does, how].
const ENDLESS = {
  'an error body that never ends': (socket) => {
    socket.write('HTTP/1.1 500 Internal Server Error\r\n' +
      'content-type: text/plain\r\ncontent-length: 107374182400\r\n\r\n')
    writeForever(socket, CHUNK)
  },
  'a success body that never ends': (socket) => {
    socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n' +
      'connection: close\r\n\r\n')
    writeForever(socket, CHUNK)
  },
  'headers that never end': (socket) => {
    socket.write('HTTP/1.1 200 OK\r\n')
    writeForever(socket, Buffer.from(`x-pad: ${'y'.repeat(1000)}\r\n`))
  },
}
// ... and answers that trickle a byte at a time, forever.
const TRICKLING = {
  'a header trickling a byte at a time (slowloris)': (socket) =>
    trickle(socket, 'HTTP/1.1 200 OK\r\nx-slow: ' + 'z'.repeat(100_000)),
  'an error body trickling a byte at a time': (socket) =>
    trickle(socket, 'HTTP/1.1 500 Internal Server Error\r\n' +
      'content-length: 100000\r\n\r\n' + 'z'.repeat(100_000)),
  'a success body trickling a byte at a time': (socket) =>
    trickle(socket, 'HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n' +
      'z'.repeat(100_000)),
}

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

/**
 * Waits until every connection has closed, then asserts that the client
 * took less than MAX_ANSWER_BYTES of each answer.
 */
async function assertAnswersCut (server) {
  await server.allClosed()
  assert.ok(server.seen.connections > 0)
  assert.equal(server.seen.closed.length, server.seen.connections)
  for (const bytes of server.seen.closed) {
    assert.ok(bytes < MAX_ANSWER_BYTES, `${bytes} bytes written`)
  }
}

test('a huge, endless error body: the push ends after its first KiB, is ' +
  'retried, then counted as max_retries', async (t) => {
  const server = await hostileServer(t, ENDLESS['an error body that never ends'])
  const { client, drops } = clientFor(server)

  await holdingOpen(client.close())

  assertAccounted(client, drops, { max_retries: COUNT })
  assert.equal(server.seen.requests, 2)
  assert.ok(client.stats().lastError.message.length <= 2048)
  await assertAnswersCut(server)
})

test('an endless success body: the push counts as sent without reading ' +
  'it all', async (t) => {
  const server = await hostileServer(t,
    ENDLESS['a success body that never ends'])
  const { client, drops } = clientFor(server)

  await holdingOpen(client.close())

  assertAccounted(client, drops, {})
  assert.equal(client.stats().sent, COUNT)
  await assertAnswersCut(server)
})

test('headers that never end are refused at the header limit, retried, ' +
  'then counted as max_retries', async (t) => {
  const server = await hostileServer(t, ENDLESS['headers that never end'])
  const { client, drops } = clientFor(server)

  await holdingOpen(client.close())

  assertAccounted(client, drops, { max_retries: COUNT })
  assert.equal(server.seen.requests, 2)
  await assertAnswersCut(server)
})

test('a slowloris answer trickling a byte at a time is cut off by ' +
  'timeoutMs, then counted as max_retries', async (t) => {
  const server = await hostileServer(t,
    TRICKLING['a header trickling a byte at a time (slowloris)'])
  const { client, drops } = clientFor(server, { timeoutMs: 200 })

  await holdingOpen(client.close({ timeoutMs: 60_000 }))

  assertAccounted(client, drops, { max_retries: COUNT })
  assert.match(client.stats().lastError.message, /timed out/)
})

const MEMORY = fileURLToPath(
  new URL('./fixtures/hostile-memory.mjs', import.meta.url))
const PUSHES = 40
// What the client may hold after GC once done (measured: under 1.2 MiB
// after 10 to 320 pushes, the same whatever their number), and at most,
// garbage included, while answers stream in (measured: 6 to 10 MiB, while
// the receiver writes 25 to 160 MiB).
const RETAINED_BOUND = 2 * MiB
const IN_USE_BOUND = 32 * MiB

for (const [answer, respond] of Object.entries(ENDLESS)) {
  test(`${answer}, ${PUSHES} times: the heap after GC grows by less than ` +
    `${RETAINED_BOUND / MiB} MiB and memory in use by less than ` +
    `${IN_USE_BOUND / MiB} MiB`, async (t) => {
    const server = await hostileServer(t, respond)

    const { stdout } = await new Promise((resolve, reject) => {
      execFile(process.execPath, ['--expose-gc', MEMORY, server.url,
        String(PUSHES)], (error, out) => error
        ? reject(error)
        : resolve({ stdout: out }))
    })
    const { before, after, peakGrowth, stats } = JSON.parse(stdout)
    t.diagnostic(`heap after GC ${after - before} bytes more, in use at ` +
      `most ${peakGrowth} bytes more`)

    assert.equal(stats.pushed, PUSHES)
    assert.equal(stats.sent + stats.dropped, PUSHES)
    assert.ok(after - before < RETAINED_BOUND,
      `heap after GC grew by ${after - before} bytes`)
    assert.ok(peakGrowth < IN_USE_BOUND,
      `memory in use grew by ${peakGrowth} bytes at most`)
    assert.equal(server.seen.requests, PUSHES)
    await server.allClosed()
    // Tens of MiB or more: what the client reads is cut, not the answer.
    const written = server.seen.closed.reduce((sum, n) => sum + n, 0)
    t.diagnostic(`the receiver wrote ${written} bytes`)
  })
}

const DEADLINE_MS = 500
// An endless success body is not among them: the client takes a bounded
// part of it and counts the push as sent (see above).
const { 'a success body that never ends': _, ...HANGING } =
  { ...ENDLESS, ...TRICKLING }

/**
 * Ends the logger. On an injected clock, time moves on (by the deadline
 * at each turn of the event loop) until it has ended; pino's worker takes
 * no clock, so there the deadline passes for real.
 */
async function endOn (clock, logger) {
  let ended = false
  const run = logger.end().finally(() => { ended = true })
  while (clock !== undefined && !ended) {
    clock.advance(DEADLINE_MS)
    await nextTurn()
  }
  return run
}

for (const kind of LOGGERS) {
  for (const [answer, respond] of Object.entries(HANGING)) {
    test(`${kind}: close() resolves at its deadline while ${answer}, ` +
      'counting every entry as shutdown', { timeout: 30_000 }, async (t) => {
      const server = await hostileServer(t, respond)
      const clock = kind === 'pino' ? undefined : new FakeClock()
      // Only the close deadline may end these pushes: no request timeout,
      // attempts without end.
      const logger = await startLogger(t, kind, { url: server.url, clock,
        maxWaitMs: 0, timeoutMs: 600_000, closeTimeoutMs: DEADLINE_MS,
        retry: { minDelayMs: 1, maxDelayMs: 5, maxAttempts: 1_000_000 } })

      await logger.log(0, COUNT)
      await server.requested()
      const run = await endOn(clock, logger)

      assertLedger({ logged: COUNT, ...run, stored: [] })
      assert.deepEqual(run.drops, { shutdown: COUNT })
      await assertAnswersCut(server)
    })
  }
}

test('an awaited flush() holds the process until its entries are sent ' +
  'or dropped', async () => {
  const fixture = fileURLToPath(
    new URL('./fixtures/flush-and-exit.mjs', import.meta.url))
  const server = `http://127.0.0.1:${await freePort()}`

  const { code, stdout } = await new Promise((resolve) => {
    execFile(process.execPath, [fixture, server], (error, out) =>
      resolve({ code: error === null ? 0 : error.code, stdout: out }))
  })

  assert.equal(code, 0)
  assert.equal(JSON.parse(stdout).max_retries, 1)
})

// The receiver's own process: the testkit's Loki-compatible receiver,
// which decodes, validates and de-duplicates as Loki does, so that what
// it counts as stored is what Loki would have kept. Driven over IPC by
// receiver-handle.mjs: a fresh receiver (and port) per measured run.
import { startLokiReceiver } from '@lokits/testkit'
import { epochMs } from './clock.mjs'

const FOREVER_MS = 2 ** 31 - 1
let current

// Stamps the moment each increase of the stored count happens: the
// testkit settles waiters right after it stores a push's entries.
async function trackStores (run) {
  for (;;) {
    const next = run.receiver.stats().entriesStored + 1
    try {
      await run.receiver.waitForEntries(next, { timeoutMs: FOREVER_MS })
    } catch {
      return // closed
    }
    run.lastStoredAt = epochMs()
  }
}

async function start () {
  const receiver = await startLokiReceiver()
  current = { receiver, lastStoredAt: NaN, cpu: process.cpuUsage() }
  void trackStores(current)
  return { url: receiver.url }
}

async function stop () {
  const run = current
  current = undefined
  const stats = run.receiver.stats()
  const cpu = process.cpuUsage(run.cpu)
  // Time from each push's arrival to its answer: how long the receiver
  // kept clients waiting, to tell a slow receiver from a slow client.
  const busyMs = run.receiver.requests()
    .reduce((total, request) => total + request.durationMs, 0)
  await run.receiver.close()
  return {
    stats,
    lastStoredAt: run.lastStoredAt,
    cpuMs: (cpu.user + cpu.system) / 1000,
    busyMs,
  }
}

const HANDLERS = { start, stop }

process.on('message', async ({ id, type }) => {
  try {
    process.send({ id, ok: true, value: await HANDLERS[type]() })
  } catch (error) {
    process.send({ id, ok: false, error: String(error?.stack ?? error) })
  }
})
process.on('disconnect', () => process.exit(0))

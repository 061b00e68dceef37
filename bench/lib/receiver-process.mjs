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
  current = { receiver, lastStoredAt: NaN, cpu: process.cpuUsage(),
    before: undefined, firstRequest: 0 }
  void trackStores(current)
  return { url: receiver.url }
}

function stored () {
  return current.receiver.stats().entriesStored
}

// The measured part starts here: what the warm-up brought is left out of
// the counts, the time of the last store, the CPU and the busy time.
function mark () {
  const run = current
  run.before = run.receiver.stats()
  run.firstRequest = run.receiver.requests().length
  run.lastStoredAt = NaN
  run.cpu = process.cpuUsage()
}

async function stop () {
  const run = current
  current = undefined
  const stats = since(run.receiver.stats(), run.before)
  const cpu = process.cpuUsage(run.cpu)
  // Time from each push's arrival to its answer: how long the receiver
  // kept clients waiting, to tell a slow receiver from a slow client.
  const busyMs = run.receiver.requests().slice(run.firstRequest)
    .reduce((total, request) => total + request.durationMs, 0)
  await run.receiver.close()
  return {
    stats,
    lastStoredAt: run.lastStoredAt,
    cpuMs: (cpu.user + cpu.system) / 1000,
    busyMs,
  }
}

/** The counts of `stats` minus those of `before` (numbers, and by key). */
function since (stats, before) {
  if (before === undefined) return stats
  const out = {}
  for (const [key, value] of Object.entries(stats)) {
    const was = before[key]
    if (typeof value === 'number') out[key] = value - (was ?? 0)
    else if (value !== null && typeof value === 'object') {
      out[key] = since(value, was ?? {})
    } else out[key] = value
  }
  return out
}

const HANDLERS = { start, stored, mark, stop }

process.on('message', async ({ id, type }) => {
  try {
    process.send({ id, ok: true, value: await HANDLERS[type]() })
  } catch (error) {
    process.send({ id, ok: false, error: String(error?.stack ?? error) })
  }
})
process.on('disconnect', () => process.exit(0))

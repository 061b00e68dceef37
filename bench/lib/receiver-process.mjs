// The receiver's own process: the testkit's Loki-compatible receiver,
// which decodes, validates and de-duplicates as Loki does, so that what
// it counts as stored is what Loki would have kept. Driven over IPC by
// receiver-handle.mjs: a fresh receiver (and port) per measured run.
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { startLokiReceiver } from '@lokits/testkit'
import { epochMs } from './clock.mjs'

let current

// Stamps the moment the stored count last grew. The testkit answers a
// push right after it stores the push's entries, so each finished answer
// is the moment to look. Reading the count is cheap; waitForEntries()
// would hand back every stored entry each time, made into objects.
function trackStores (run) {
  let stored = 0
  const onAnswer = () => {
    const now = run.receiver.stats().entriesStored
    if (now <= stored) return
    stored = now
    run.lastStoredAt = epochMs()
  }
  subscribe('http.server.response.finish', onAnswer)
  return () => unsubscribe('http.server.response.finish', onAnswer)
}

async function start () {
  const receiver = await startLokiReceiver()
  current = { receiver, lastStoredAt: NaN, cpu: process.cpuUsage(),
    before: undefined, firstRequest: 0, untrack: undefined }
  current.untrack = trackStores(current)
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
  run.untrack()
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

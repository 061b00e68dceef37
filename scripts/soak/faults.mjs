// The soak's fault schedule: seeded, so that a seed replays the same
// faults (the timing of the logs around them still varies).
import { setTimeout as sleep } from 'node:timers/promises'

/** A small seeded generator (mulberry32): the same seed, the same faults. */
function seeded (seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

const TOO_LARGE = 'rpc error: code = ResourceExhausted desc = grpc: ' +
  'received message larger than max (4194305 vs. 4194304)'
const some = (random, most) => 1 + Math.floor(random() * most)
const script = (receiver, steps) => receiver.call({ op: 'script', steps })

/** Each fault: a name and what it does, given a random source. */
const FAULTS = {
  'status-burst': (receiver, random) => {
    const status = [429, 500, 502, 503, 504][Math.floor(random() * 5)]
    const headers = status === 429 && random() < 0.5
      ? { 'retry-after': '1' }
      : undefined
    return script(receiver, Array.from({ length: 2 + some(random, 15) },
      () => (headers === undefined ? { status } : { status, headers })))
  },
  resets: (receiver, random) => script(receiver,
    Array.from({ length: some(random, 5) }, () => ({ reset: true }))),
  'resets-after-store': (receiver, random) => script(receiver,
    Array.from({ length: some(random, 5) }, () => ({ resetAfterStore: true }))),
  hang: (receiver) => script(receiver, [{ hang: true }]),
  'too-large': (receiver, random) => script(receiver, [random() < 0.5
    ? { status: 413, body: 'request body too large' }
    : { status: 500, body: TOO_LARGE }]),
  stall: async (receiver, random) => {
    await receiver.call({ op: 'stall' })
    await sleep(500 + random() * 2500)
    await receiver.call({ op: 'resume' })
  },
  restart: (receiver, random) =>
    receiver.call({ op: 'restart', downMs: 500 + random() * 1500 }),
  'rate-limit': async (receiver, random) => {
    await receiver.call({ op: 'rateLimit', bytesPerSecond: 20_000 })
    await sleep(2000 + random() * 2000)
    await receiver.call({ op: 'rateLimit', bytesPerSecond: 0 })
  },
}

/**
 * Runs seeded faults one after another until 5 s before the deadline (the
 * end is a drain); `counts` holds how often each ran, `stopped` resolves
 * after the last.
 */
export function runFaults (receiver, seed, deadline, say) {
  const random = seeded(seed)
  const names = Object.keys(FAULTS)
  const counts = Object.fromEntries(names.map((name) => [name, 0]))
  const started = Date.now()
  const stopped = (async () => {
    for (;;) {
      await sleep(1000 + random() * 3000)
      if (Date.now() > deadline - 5000) return
      const name = names[Math.floor(random() * names.length)]
      counts[name]++
      say(`fault at ${((Date.now() - started) / 1000).toFixed(1)} s: ${name}`)
      await FAULTS[name](receiver, random)
    }
  })()
  return { counts, stopped }
}

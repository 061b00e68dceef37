// Runs a scenario's logging loop against one contender's `log(record)`.
// Only the synchronous stretches of log calls are timed (`syncMs`): that
// is the time the application's own thread gives to logging. Waiting
// between chunks or ticks is not counted.
import { setImmediate as nextTurn, setTimeout as sleep }
  from 'node:timers/promises'
import { recordMaker } from './records.mjs'

// The pace of the steady loop: it logs what is due every few milliseconds,
// as requests that arrive in between would.
const TICK_MS = 5

export async function drive (scenario, log) {
  const make = recordMaker(scenario.record)
  if (scenario.kind === 'loop') return loop(scenario.count, make, log)
  if (scenario.kind === 'chunked') {
    return chunked(scenario.count, scenario.chunk, make, log)
  }
  if (scenario.kind === 'steady') {
    return steady(scenario.count, scenario.ratePerSecond, make, log)
  }
  throw new Error(`unknown scenario kind: ${scenario.kind}`)
}

// Records of the warm-up: the scenario's own, numbered apart from those
// measured, in chunks as a burst of requests.
const WARMUP_IDS = 10_000_000
const WARMUP_CHUNK = 1000

/**
 * Logs one of the scenario's warm-up bursts, `phase` of
 * `scenario.warmupPhases`; resolves with how many records it logged.
 */
export async function warmUp (scenario, log, phase = 0) {
  const make = recordMaker(scenario.record)
  const size = Math.ceil(scenario.warmup / scenario.warmupPhases)
  const from = phase * size
  const { logged } = await chunked(
    Math.min(size, scenario.warmup - from), WARMUP_CHUNK,
    (i) => make(WARMUP_IDS + from + i), log)
  return logged
}

function loop (count, make, log) {
  const started = performance.now()
  for (let i = 0; i < count; i++) log(make(i))
  return { logged: count, syncMs: performance.now() - started }
}

async function chunked (count, chunk, make, log) {
  let syncMs = 0
  for (let i = 0; i < count;) {
    const started = performance.now()
    const end = Math.min(i + chunk, count)
    for (; i < end; i++) log(make(i))
    syncMs += performance.now() - started
    await nextTurn()
  }
  return { logged: count, syncMs }
}

async function steady (count, ratePerSecond, make, log) {
  let syncMs = 0
  let i = 0
  const begun = performance.now()
  while (i < count) {
    const started = performance.now()
    const due = Math.min(count,
      Math.floor((started - begun) * ratePerSecond / 1000))
    for (; i < due; i++) log(make(i))
    syncMs += performance.now() - started
    if (i < count) await sleep(TICK_MS)
  }
  return { logged: count, syncMs }
}

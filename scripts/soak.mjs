// Soak: ships logs through @lokits/pino (pino's worker thread) and
// @lokits/winston at a steady rate into a testkit receiver that runs in
// its own process and misbehaves on a random, seeded schedule; then
// prints the ledger of each adapter, peak RSS, heap after GC, retries and
// the handles left open, and exits 1 on any unaccounted entry, an entry
// stored twice, heap growth beyond the configured queue bounds, or a
// leaked handle.
//
//   node scripts/soak.mjs [--duration-s 120] [--rate 200] [--seed N]
//     [--max-queue-entries 500] [--max-queue-bytes 8388608]
//     [--pino-overflow block] [--winston-overflow drop-oldest]
//
// `--rate` is entries per second per adapter. The same seed replays the
// same fault schedule (the timing of the logs around it still varies).
import { fork, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { setImmediate, setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { sumReports } from '../test/reliability/helpers/drop-reports.mjs'

const SELF = fileURLToPath(import.meta.url)
const ADAPTERS = ['pino', 'winston']

const { values: args } = parseArgs({
  options: {
    'duration-s': { type: 'string', default: '120' },
    rate: { type: 'string', default: '200' },
    seed: { type: 'string' },
    'max-queue-entries': { type: 'string', default: '500' },
    'max-queue-bytes': { type: 'string', default: String(8 * 1024 * 1024) },
    'pino-overflow': { type: 'string', default: 'block' },
    'winston-overflow': { type: 'string', default: 'drop-oldest' },
    role: { type: 'string', default: 'soak' },
  },
})


function settings (values) {
  const number = (name) => {
    const value = Number(values[name])
    if (!Number.isFinite(value) || value <= 0) {
      throw new Error(`--${name} must be a positive number; got ` +
        values[name])
    }
    return value
  }
  return {
    durationMs: number('duration-s') * 1000,
    rate: number('rate'),
    seed: values.seed === undefined
      ? Math.floor(Math.random() * 2 ** 31)
      : Math.floor(number('seed')),
    maxQueueEntries: number('max-queue-entries'),
    maxQueueBytes: number('max-queue-bytes'),
    overflow: {
      pino: values['pino-overflow'],
      winston: values['winston-overflow'],
    },
  }
}

// ---- the soak process -------------------------------------------------

async function soak (config) {
  // stdout and stderr are created on first use; as pipes they count as
  // resources, so they must be there before the baseline is taken.
  void process.stdout
  void process.stderr
  const resourcesAtStart = process.getActiveResourcesInfo()
  const { LokiTransport } = await import('@lokits/winston')
  const { DROP_EVENT, STATS_EVENT } = await import('@lokits/pino')
  const { default: pino } = await import('pino')
  const { default: winston } = await import('winston')

  console.log(`soak: seed ${config.seed}, ${config.durationMs / 1000} s, ` +
    `${config.rate} entries/s per adapter, overflow pino ` +
    `${config.overflow.pino} / winston ${config.overflow.winston}, ` +
    `bounds ${config.maxQueueEntries} entries / ` +
    `${config.maxQueueBytes} bytes per client`)
  const receiver = await startReceiverProcess()
  globalThis.gc()
  const heapAtStart = process.memoryUsage().heapUsed

  const options = (adapter) => ({
    url: receiver.url,
    labels: { adapter },
    maxWaitMs: 200,
    timeoutMs: 2000,
    maxQueueEntries: config.maxQueueEntries,
    maxQueueBytes: config.maxQueueBytes,
    overflow: config.overflow[adapter],
    closeTimeoutMs: 8000,
    // Faults never last long; enough attempts ride out any of them.
    retry: { minDelayMs: 50, maxDelayMs: 2000, maxAttempts: 100 },
    onDropReport: false,
  })
  const pinoRun = { logged: 0, reports: [], stats: undefined }
  const transport = pino.transport({ target: '@lokits/pino',
    options: options('pino') })
  transport.on(DROP_EVENT, (report) => pinoRun.reports.push(report))
  const pinoStats = once(transport, STATS_EVENT)
  const pinoLogger = pino(transport)

  const winstonRun = { logged: 0, drops: {} }
  const lokiTransport = new LokiTransport({
    ...options('winston'),
    onDrop: (entries, reason) => {
      winstonRun.drops[reason] = (winstonRun.drops[reason] ?? 0) +
        entries.length
    },
  })
  const winstonLogger = winston.createLogger({ transports: [lokiTransport] })

  const logOne = (run, log) => {
    const i = run.logged++
    log(`soak entry #${i}# ${'.'.repeat(i % 64)}`)
  }
  const heap = { peak: 0 }
  const sampleHeap = () => {
    globalThis.gc()
    heap.peak = Math.max(heap.peak, process.memoryUsage().heapUsed)
  }

  const deadline = Date.now() + config.durationMs
  const faults = runFaults(receiver, config.seed, deadline)
  await steadyRate(config.rate, deadline, sampleHeap, () => {
    logOne(pinoRun, (line) => pinoLogger.info({ n: pinoRun.logged }, line))
    logOne(winstonRun, (line) => winstonLogger.info(line))
  })
  await faults.stopped
  await receiver.call({ op: 'heal' })

  // pino unrefs its worker: this handle keeps the process until the
  // worker's final stats have come across.
  const keepAlive = setInterval(() => {}, 60_000)
  const winstonEnded = once(winstonLogger, 'finish')
  winstonLogger.end()
  await winstonEnded
  const pinoClosed = once(transport, 'close')
  transport.end()
  ;[pinoRun.stats] = await pinoStats
  await pinoClosed
  clearInterval(keepAlive)
  pinoRun.drops = sumReports(pinoRun.reports)
  winstonRun.stats = lokiTransport.stats()

  const stored = await receiver.call({ op: 'tally' })
  const receiverPeakRssKiB = stored.maxRssKiB
  await receiver.stop()
  sampleHeap()
  const heapAtEnd = process.memoryUsage().heapUsed

  const report = {
    ledgers: {
      pino: ledger(pinoRun, stored.pino),
      winston: ledger(winstonRun, stored.winston),
    },
    faults: faults.counts,
    heapBoundBytes: ADAPTERS.length * config.maxQueueBytes,
    heap: { atStart: heapAtStart, peak: heap.peak, atEnd: heapAtEnd },
    peakRssKiB: process.resourceUsage().maxRSS,
    receiverPeakRssKiB,
    leaked: leakedResources(resourcesAtStart),
  }
  return printReport(report)
}

/** Calls `tick` `rate` times a second until the deadline, steadily. */
async function steadyRate (rate, deadline, everyFiveSeconds, tick) {
  const started = Date.now()
  let done = 0
  let nextSample = started + 5000
  while (Date.now() < deadline) {
    const due = Math.floor((Date.now() - started) * rate / 1000)
    for (; done < due; done++) tick()
    if (Date.now() >= nextSample) {
      everyFiveSeconds()
      nextSample += 5000
    }
    await sleep(20)
  }
}

function ledger (run, stored) {
  const { stats, drops } = run
  const held = stats.queuedEntries + stats.inFlightEntries +
    stats.waitingPushes
  const byReason = Object.fromEntries(Object.entries(stats.droppedByReason)
    .filter(([, count]) => count > 0))
  return {
    logged: run.logged,
    pushed: stats.pushed,
    stored: stored.distinct,
    dropped: stats.dropped,
    byReason,
    hooksAgree: JSON.stringify(sortKeys(byReason)) ===
      JSON.stringify(sortKeys(drops)),
    held,
    unaccounted: run.logged - stored.distinct - stats.dropped,
    storedTwice: stored.twice,
    foreign: stored.foreign,
    retries: stats.retries,
  }
}

function sortKeys (object) {
  return Object.fromEntries(Object.entries(object).sort())
}

/** Resource types alive now that were not at the start, by count. */
function leakedResources (atStart) {
  const left = new Map()
  for (const type of atStart) left.set(type, (left.get(type) ?? 0) + 1)
  const leaked = []
  for (const type of process.getActiveResourcesInfo()) {
    const count = left.get(type) ?? 0
    if (count > 0) left.set(type, count - 1)
    else leaked.push(type)
  }
  return leaked
}

function printReport (report) {
  const failures = []
  for (const [adapter, l] of Object.entries(report.ledgers)) {
    console.log(`ledger ${adapter}: logged ${l.logged} = stored ${l.stored}` +
      ` + dropped ${l.dropped} ${JSON.stringify(l.byReason)}; ` +
      `unaccounted ${l.unaccounted}, stored twice ${l.storedTwice}, ` +
      `held ${l.held}, retries ${l.retries}`)
    if (l.unaccounted !== 0) failures.push(`${adapter}: unaccounted entries`)
    if (l.pushed !== l.logged) failures.push(`${adapter}: pushed ≠ logged`)
    if (l.storedTwice > 0 || l.foreign > 0) {
      failures.push(`${adapter}: entries stored twice or never logged`)
    }
    if (l.held !== 0) failures.push(`${adapter}: entries still held`)
    if (!l.hooksAgree) failures.push(`${adapter}: hooks and stats disagree`)
  }
  const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`
  const { heap, heapBoundBytes } = report
  const growth = Math.max(heap.peak, heap.atEnd) - heap.atStart
  console.log(`faults: ${JSON.stringify(report.faults)}`)
  console.log(`peak RSS ${mib(report.peakRssKiB * 1024)} (receiver ` +
    `process ${mib(report.receiverPeakRssKiB * 1024)}); heap after GC: ` +
    `start ${mib(heap.atStart)}, peak ${mib(heap.peak)}, end ` +
    `${mib(heap.atEnd)}; growth ${mib(growth)} of a bound of ` +
    `${mib(heapBoundBytes)} (maxQueueBytes of each client)`)
  console.log(`open handles at the end: ` +
    `${JSON.stringify(process.getActiveResourcesInfo())}, leaked: ` +
    `${JSON.stringify(report.leaked)}`)
  if (growth > heapBoundBytes) failures.push('heap grew beyond the bounds')
  if (report.leaked.length > 0) failures.push('handles leaked')
  console.log(failures.length === 0
    ? 'soak: ok'
    : `soak: FAILED: ${failures.join('; ')}`)
  return failures.length === 0 ? 0 : 1
}

// ---- the fault schedule -----------------------------------------------

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

/** Each fault: a name and what it does, given a random source. */
const FAULTS = {
  'status-burst': async (receiver, random) => {
    const status = [429, 500, 502, 503, 504][Math.floor(random() * 5)]
    const headers = status === 429 && random() < 0.5
      ? { 'retry-after': '1' }
      : undefined
    const steps = Array.from({ length: 3 + Math.floor(random() * 15) },
      () => (headers === undefined ? { status } : { status, headers }))
    await receiver.call({ op: 'script', steps })
  },
  resets: (receiver, random) => receiver.call({ op: 'script',
    steps: Array.from({ length: 1 + Math.floor(random() * 5) },
      () => ({ reset: true })) }),
  hang: (receiver) => receiver.call({ op: 'script', steps: [{ hang: true }] }),
  'too-large': (receiver, random) => receiver.call({ op: 'script',
    steps: [random() < 0.5
      ? { status: 413, body: 'request body too large' }
      : { status: 500, body: TOO_LARGE }] }),
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

/** Runs seeded faults one after another until the deadline. */
function runFaults (receiver, seed, deadline) {
  const random = seeded(seed)
  const names = Object.keys(FAULTS)
  const counts = Object.fromEntries(names.map((name) => [name, 0]))
  const started = Date.now()
  const stopped = (async () => {
    for (;;) {
      await sleep(1000 + random() * 3000)
      // Leave the last seconds quiet, so that the end is a drain.
      if (Date.now() > deadline - 5000) return
      const name = names[Math.floor(random() * names.length)]
      counts[name]++
      const at = ((Date.now() - started) / 1000).toFixed(1)
      console.log(`fault at ${at} s: ${name}`)
      await FAULTS[name](receiver, random)
    }
  })()
  return { counts, stopped }
}

// ---- the receiver, in its own process ---------------------------------

/** Forks this script as the receiver; resolves with a handle to it. */
async function startReceiverProcess () {
  const child = fork(SELF, ['--role', 'receiver'],
    { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const pending = new Map()
  let next = 0
  child.on('message', ({ id, result }) => {
    pending.get(id)?.(result)
    pending.delete(id)
  })
  const call = (message) => new Promise((resolve) => {
    const id = next++
    pending.set(id, resolve)
    child.send({ ...message, id })
  })
  const { url } = await call({ op: 'url' })
  return {
    url,
    call,
    async stop () {
      const exited = once(child, 'exit')
      child.disconnect()
      await exited
      // The process handle is closed in the close phase after 'exit':
      // only two turns of the loop later is it gone from the resources.
      await setImmediate()
      await setImmediate()
    },
  }
}

async function runReceiver () {
  const { startLokiReceiver } = await import('@lokits/testkit')
  let receiver = await startLokiReceiver()
  const { port } = receiver
  // What earlier receivers (before a restart) stored, by adapter: the
  // timestamp each line number was stored with. Loki keeps stored data
  // across a restart and de-duplicates a resent entry; this does too.
  const tally = Object.fromEntries(ADAPTERS.map((adapter) =>
    [adapter, { stored: new Map(), twice: 0 }]))
  let foreign = 0
  const count = (entries) => {
    for (const entry of entries) {
      const counts = tally[entry.labels.adapter]
      const id = Number(/#(\d+)#/.exec(entry.line)?.[1])
      if (counts === undefined || Number.isNaN(id)) {
        foreign++
        continue
      }
      const earlier = counts.stored.get(id)
      if (earlier === undefined) counts.stored.set(id, entry.timestamp)
      else if (earlier !== entry.timestamp) counts.twice++
    }
  }

  const ops = {
    url: () => ({ url: receiver.url }),
    script: ({ steps }) => receiver.script(steps),
    stall: () => receiver.stall(),
    resume: () => receiver.resume(),
    rateLimit: ({ bytesPerSecond }) => receiver.setRateLimit(bytesPerSecond),
    heal: () => {
      receiver.fail(null)
      receiver.resume()
      // Script steps not consumed yet stay: the drain retries past them.
      receiver.setRateLimit(0)
    },
    restart: async ({ downMs }) => {
      count(receiver.entries())
      await receiver.close()
      await sleep(downMs)
      receiver = await startLokiReceiver({ port })
    },
    tally: () => {
      count(receiver.entries())
      return {
        ...Object.fromEntries(ADAPTERS.map((adapter) => {
          const { stored, twice } = tally[adapter]
          return [adapter, { distinct: stored.size, twice, foreign }]
        })),
        maxRssKiB: process.resourceUsage().maxRSS,
      }
    },
  }
  process.on('message', async ({ id, op, ...message }) => {
    const result = await ops[op](message)
    process.send({ id, result: result ?? null })
  })
  process.on('disconnect', () => { void receiver.close() })
}

// Last, so that every constant above is initialised.
if (args.role === 'receiver') {
  await runReceiver()
} else if (typeof globalThis.gc !== 'function') {
  // Heap figures mean something only after a full collection.
  const run = spawnSync(process.execPath,
    ['--expose-gc', SELF, ...process.argv.slice(2)], { stdio: 'inherit' })
  process.exit(run.status ?? 1)
} else {
  process.exitCode = await soak(settings(args))
}

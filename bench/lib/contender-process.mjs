// One measured run in a fresh process: one contender, one scenario. Its
// argument is the JSON of `{ contender, scenario, url }`; it answers over
// IPC (or on stdout when run by hand) with what only the logging process
// can see. The receiver's side is added by the runner.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { contender, createContender } from '../contenders/index.mjs'
import { epochMs } from './clock.mjs'
import { drive, warmUp } from './drive.mjs'
import { MEASURED, MEASURING } from './marks.mjs'

// Set by the runner when it reads this process's output (`--jit`).
const MARKS = process.env.LOKITS_BENCH_MARKS === '1'

async function measure ({ contender: id, scenario, url }) {
  const logger = await createContender(contender(id), url, scenario)
  let warmed = 0
  for (let phase = 0; scenario.warmup > 0 &&
    phase < scenario.warmupPhases; phase++) {
    warmed += await warmUp(scenario, logger.log, phase)
    // The runner waits for the receiver to have each warm-up burst; after
    // the last, it marks where the measured part starts.
    await askRunner({ type: 'warmed', logged: warmed,
      last: phase === scenario.warmupPhases - 1 })
  }
  const delay = monitorEventLoopDelay({ resolution: 1 })

  delay.enable()
  if (MARKS) process.stdout.write(MEASURING + '\n')
  const cpuBefore = process.cpuUsage()
  const startedAt = epochMs()
  const { logged, syncMs } = await drive(scenario, logger.log)
  const loggedAt = epochMs()
  // The delay that matters is the application's while it runs; pino's
  // end() blocks the thread by design at shutdown.
  delay.disable()
  await logger.close()
  const closedAt = epochMs()
  if (MARKS) process.stdout.write(MEASURED + '\n')
  // process.cpuUsage() counts every thread: pino's worker included.
  const cpu = process.cpuUsage(cpuBefore)

  return {
    logged,
    syncMs,
    startedAt,
    loggedAt,
    closedAt,
    cpuMs: (cpu.user + cpu.system) / 1000,
    delayP99Ms: delay.percentile(99) / 1e6,
    delayMaxMs: delay.max / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }
}

/** Sends `message` to the runner and resolves with its reply. */
function askRunner (message) {
  if (process.send === undefined) return Promise.resolve()
  return new Promise((resolve) => {
    process.once('message', resolve)
    process.send(message)
  })
}

function answer (message) {
  // Exit at once: some contenders keep timers or exit hooks alive after
  // close, and the run is over.
  if (process.send === undefined) {
    console.log(JSON.stringify(message))
    process.exit(0)
  }
  process.send(message, () => process.exit(0))
}

// pino's worker is unref'd and the IPC channel has no listener: without
// this, the process could end while it waits for the worker to be ready.
const keepAlive = setInterval(() => {}, 1 << 30)
measure(JSON.parse(process.argv[2]))
  .finally(() => clearInterval(keepAlive))
  .then((result) => answer({ ok: true, result }))
  .catch((error) => answer({ ok: false, error: String(error?.stack ?? error) }))

// One small driver per way into lokits: the core client, a real winston
// logger, and a real pino logger whose transport runs in pino's worker
// thread (in a child process: see fixtures/pino-logger.mjs). Each logs
// numbered lines and reports its final stats and drops the same way, so
// that every scenario of the suite runs through all three.
import { spawn } from 'node:child_process'
import { EventEmitter, once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { LokiClient } from '@lokits/core'
import { LokiTransport } from '@lokits/winston'
import winston from 'winston'
import { idOf, lineFor } from './lines.mjs'

/** The three ways into lokits the suite covers. */
export const LOGGERS = ['core', 'winston', 'pino']

const PINO_APP = fileURLToPath(
  new URL('../fixtures/pino-logger.mjs', import.meta.url))

/**
 * Counts events (`retry`, `drop`) as they happen, and lets a test wait
 * until a count is reached, whether that was before or after it asked.
 * Keeps the delay of each retry, as `onRetry` (or, from pino's worker,
 * the NODE_DEBUG trace) told it.
 */
class Happenings extends EventEmitter {
  counts = { retry: 0, drop: 0 }
  retryDelays = []

  saw (kind) {
    this.counts[kind]++
    this.emit(kind)
  }

  retried (delayMs) {
    this.retryDelays.push(delayMs)
    this.saw('retry')
  }

  async atLeast (kind, count) {
    while (this.counts[kind] < count) await once(this, kind)
  }
}

/**
 * Starts a logger of `kind` with lokits options `options`; a pino child
 * still running when test `t` ends is killed. Resolves with
 * `{ log(from, count, padBytes), record(i, fields), flush(), retries(n),
 * drops(n), retryDelays(), end() }`, where `record` logs line i with the
 * given fields (for the core: the entry's own fields) and `retryDelays`
 * lists the delay of each retry so far. `end()` resolves with the run:
 * `{ stats, drops, reports, dropGroups, droppedIds }`: `drops` is the
 * count per reason that `onDrop` told, `reports` the drop reports
 * (`onDropReport` for the core, winston's 'warn', pino's `lokits:drop`),
 * `dropGroups` the `{ reason, ids }` of each `onDrop` call (from pino's
 * worker through fixtures/pino-target.mjs) and `droppedIds` all their
 * line numbers. From pino it also has the child's `stderr`, which holds
 * the worker's `NODE_DEBUG=lokits` trace, and `prototypes`: what
 * Object.prototype holds in the worker and in pino's thread at the end.
 */
export async function startLogger (t, kind, options) {
  const happenings = new Happenings()
  const logger = kind === 'pino'
    ? await pinoLogger(t, options, happenings)
    : inProcessLogger(kind, options, happenings)
  return {
    ...logger,
    retries: (count = 1) => happenings.atLeast('retry', count),
    drops: (count = 1) => happenings.atLeast('drop', count),
    retryDelays: () => [...happenings.retryDelays],
  }
}

function inProcessLogger (kind, options, happenings) {
  const dropGroups = []
  const reports = []
  const hooks = {
    ...options,
    onDropReport: (report) => reports.push(report),
    onDrop: (entries, reason) => {
      dropGroups.push({ reason,
        ids: entries.map((entry) => idOf(entry.line)) })
      happenings.saw('drop')
    },
    onRetry: (info) => happenings.retried(info.delayMs),
  }
  const sink = kind === 'core' ? coreSink(hooks) : winstonSink(hooks, reports)
  return {
    log: sink.log,
    record: sink.record,
    flush: () => holdingOpen(sink.flush()),
    async end () {
      await holdingOpen(sink.close())
      return { stats: sink.stats(), reports, ...fromGroups(dropGroups) }
    },
  }
}

/** The drops per reason and the dropped line numbers of `onDrop` calls. */
function fromGroups (dropGroups) {
  const drops = {}
  for (const { reason, ids } of dropGroups) {
    drops[reason] = (drops[reason] ?? 0) + ids.length
  }
  return { drops, dropGroups, droppedIds: dropGroups.flatMap((g) => g.ids) }
}

/**
 * Awaits `promise` with the process held open. The client's timers never
 * keep a process alive, so a retry wait alone would let the test's event
 * loop run dry while it awaits a flush.
 */
export async function holdingOpen (promise) {
  const keepAlive = setInterval(() => {}, 60_000)
  try {
    return await promise
  } finally {
    clearInterval(keepAlive)
  }
}

function coreSink (options) {
  const client = new LokiClient(options)
  return {
    async log (from, count, padBytes = 0) {
      for (let i = from; i < from + count; i++) {
        // An application in block mode awaits a push that waits for room.
        const result = client.push({ line: lineFor(i, padBytes) })
        if (result instanceof Promise) await result
      }
    },
    // The core has no record: fields are the entry's own (labels,
    // structuredMetadata, timestamp, line).
    async record (i, fields) {
      await client.push({ line: lineFor(i), ...fields })
    },
    flush: () => client.flush(),
    close: () => client.close(),
    stats: () => client.stats(),
  }
}

function winstonSink (options, reports) {
  // Its drop reports are the transport's 'warn' events; onDropReport
  // sees the same reports, so it is left out of the count.
  const transport = new LokiTransport({ ...options, onDropReport: () => {} })
  transport.on('warn', (report) => reports.push(report))
  const logger = winston.createLogger({ transports: [transport] })
  return {
    async log (from, count, padBytes = 0) {
      for (let i = from; i < from + count; i++) {
        logger.info(lineFor(i, padBytes))
      }
    },
    async record (i, { $msg, ...meta }) {
      logger.info($msg ?? lineFor(i), meta)
    },
    flush: () => transport.flush(),
    // The documented shutdown: logger.end(), then the logger's 'finish'.
    async close () {
      const finished = once(logger, 'finish')
      logger.end()
      await finished
    },
    stats: () => transport.stats(),
  }
}

async function pinoLogger (t, options, happenings) {
  const child = spawn(process.execPath,
    [PINO_APP, JSON.stringify({ options })],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
      // The worker's debug trace is how retries are seen from here.
      env: { ...process.env, NODE_DEBUG: 'lokits' },
    })
  let stderr = ''
  createInterface({ input: child.stderr }).on('line', (line) => {
    const retry = /LOKITS \d+: retry \d+ in (\d+) ms/.exec(line)
    if (retry !== null) happenings.retried(Number(retry[1]))
    stderr += line + '\n'
  })
  const answers = new EventEmitter()
  createInterface({ input: child.stdout }).on('line', (line) => {
    const space = line.indexOf(' ')
    const word = space < 0 ? line : line.slice(0, space)
    if (word === 'drop') happenings.saw('drop')
    else answers.emit('answer', word, line.slice(space + 1))
  })
  // 'close' comes once the child has exited and its output is all read:
  // the last trace lines (retries) are counted by then.
  const exited = once(child, 'close')
  t.after(() => { if (child.exitCode === null) child.kill('SIGKILL') })

  const ask = async (command, expected) => {
    const answer = once(answers, 'answer')
    child.stdin.write(command + '\n')
    const [word, rest] = await Promise.race([answer, exited.then(() => [])])
    if (word !== expected) {
      throw new Error(`pino logger answered ${word ?? 'nothing'} to ` +
        `${command}: ${rest ?? ''}\n${stderr}`)
    }
    return rest
  }
  return {
    log: (from, count, padBytes = 0) =>
      ask(`log ${from} ${count} ${padBytes}`, 'logged'),
    record: (i, fields) =>
      ask(`record ${i} ${JSON.stringify(fields)}`, 'logged'),
    flush: () => ask('flush', 'flushed'),
    async end () {
      const { stats, drops: reports, dropped, prototypes } =
        JSON.parse(await ask('end', 'end'))
      child.stdin.end()
      const [code] = await exited
      if (code !== 0) throw new Error(`pino logger exited ${code}: ${stderr}`)
      return { stats, reports, ...fromGroups(dropped), prototypes, stderr }
    },
  }
}

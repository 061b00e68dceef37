// Where the application's thread spends its time, per kind of work, with
// winston's JSON format and a transport that only calls back (the floor),
// then with LokiTransport pushing to a child process that answers 204.
// Each case runs in a process of its own, logs a warm-up in two bursts,
// then a burst of request logs (1,000 per turn of the event loop) under
// V8's CPU profiler, started and stopped through the inspector around
// that burst only. Times are given in units of the format's own time
// (safe-stable-stringify), the same work in both cases, so that a machine
// whose speed changes from one minute to the next still compares them.
// Asserts nothing.
//   node scripts/thread-profile.mjs [entries=400000]
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const SELF = fileURLToPath(import.meta.url)
const ENTRIES = Number(process.argv[process.argv[2] === '--case' ? 5 : 2] ??
  400_000)
const TURN = 1000
const WARMUP = [20_000, 20_000]
const IDLE_MS = 1500
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE']

/** The kind of work a profile's frame does. */
function kindOf ({ functionName, url }) {
  if (functionName === '(garbage collector)') return 'garbage collection'
  if (functionName.startsWith('(')) return functionName
  if (url.includes('safe-stable-stringify')) return 'format (yardstick)'
  if (functionName.startsWith('RegExp:')) return 'format: regular expression'
  if (url.includes('/scripts/')) return 'this script'
  if (url.includes('/packages/')) return 'lokits'
  if (/winston|logform|readable-stream|triple-beam/.test(url)) {
    return 'winston stack'
  }
  if (url === '' || url.startsWith('node:')) {
    return `node: ${functionName || '(anonymous)'}`
  }
  return 'other'
}

function summarize (file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'))
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
  const byKind = new Map()
  const ours = new Map()
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id).callFrame
    const kind = kindOf(frame)
    const us = profile.timeDeltas[i] ?? 0
    byKind.set(kind, (byKind.get(kind) ?? 0) + us)
    if (kind !== 'lokits') return
    const name = `${frame.functionName || '(anonymous)'} ` +
      frame.url.replace(/^.*\/packages\//, '')
    ours.set(name, (ours.get(name) ?? 0) + us)
  })
  byKind.delete('(idle)')
  return { byKind, ours }
}

async function child (name, file) {
  const [{ LokiTransport }, { default: winston }, { default: Transport },
    sink] = await Promise.all([import('@lokits/winston'), import('winston'),
    import('winston-transport'),
    import('../../core/scripts/sink-process.mjs')])
  const sinkProcess = name === 'LokiTransport'
    ? await sink.startSinkProcess()
    : undefined
  class CallbackTransport extends Transport {
    log (_info, callback) { callback() }
  }
  const transport = sinkProcess === undefined
    ? new CallbackTransport()
    : new LokiTransport({ url: sinkProcess.url })
  const logger = winston.createLogger({ format: winston.format.json(),
    transports: [transport] })
  let n = 0
  const burst = async (count) => {
    for (let done = 0; done < count; done += TURN) {
      for (let i = 0; i < TURN; i++, n++) {
        logger.info('request completed', {
          req: { id: `req-${n}`, method: METHODS[n % METHODS.length],
            url: `/api/items/${n % 500}?page=${n % 7}`,
            remoteAddress: `10.0.${(n >> 8) & 255}.${n & 255}` },
          res: { statusCode: 200 }, responseTime: (n % 97) + 0.25, seq: n,
        })
      }
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
  for (const count of WARMUP) {
    await burst(count)
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS))
  }
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 100 })
  await session.post('Profiler.start')
  await burst(ENTRIES)
  const { profile } = await session.post('Profiler.stop')
  writeFileSync(file, JSON.stringify(profile))
  session.disconnect()
  await transport.close?.()
  await sinkProcess?.stop()
}

if (process.argv[2] === '--case') {
  await child(process.argv[3], process.argv[4])
} else {
  const results = new Map()
  const dir = mkdtempSync(join(tmpdir(), 'lokits-profile-'))
  for (const name of ['floor', 'LokiTransport']) {
    const file = join(dir, `${name}.cpuprofile`)
    execFileSync(process.execPath, [SELF, '--case', name, file,
      String(ENTRIES)], { stdio: 'inherit' })
    results.set(name, summarize(file))
  }
  rmSync(dir, { recursive: true, force: true })
  const [floorRun, oursRun] = [...results.values()]
  results.set('floor', floorRun.byKind)
  results.set('LokiTransport', oursRun.byKind)
  const kinds = new Set([...results.values()].flatMap((m) => [...m.keys()]))
  const unit = (m) => m.get('format (yardstick)') ?? 1
  const rows = [...kinds].map((kind) => [kind,
    ...[...results.values()].map((m) => (m.get(kind) ?? 0) / unit(m))])
    .filter(([, ...v]) => v.some((x) => x >= 0.01))
    .sort((a, b) => Math.max(b[1], b[2]) - Math.max(a[1], a[2]))
  console.log(`${WARMUP.join(' + ')} records of warm-up, then ${ENTRIES}; ` +
    'times in units of the format\'s own')
  console.log('kind of work'.padEnd(36) + 'floor'.padStart(8) +
    'LokiTransport'.padStart(15))
  for (const [kind, floor, ours] of rows) {
    console.log(kind.padEnd(36) + floor.toFixed(3).padStart(8) +
      ours.toFixed(3).padStart(15))
  }
  const total = (m) => [...m.values()].reduce((a, b) => a + b, 0) / unit(m)
  const [floor, ours] = [...results.values()].map(total)
  console.log('all'.padEnd(36) + floor.toFixed(3).padStart(8) +
    ours.toFixed(3).padStart(15) + `   (${(ours / floor).toFixed(2)}×)`)
  console.log('\nlokits, by function (LokiTransport)')
  const yardstick = unit(oursRun.byKind)
  for (const [name, us] of [...oursRun.ours].sort((a, b) => b[1] - a[1])
    .slice(0, 10)) {
    console.log(name.padEnd(51) + (us / yardstick).toFixed(3).padStart(8))
  }
}

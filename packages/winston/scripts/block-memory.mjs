// Shows what `overflow: 'block'` does to memory when Loki stalls. A child
// process logs RATE entries a second (block-memory-app.mjs) while this
// process runs the testkit receiver through three phases: normal, stalled
// (every push held), and slow (each push answered after 100 ms). Prints
// heap and RSS per phase and checks that every entry logged is stored.
//   node scripts/block-memory.mjs [paced|naive] [rate=20000]
//     [maxQueueEntries=10000] [phaseSeconds=10]
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'
import { setTimeout as delay } from 'node:timers/promises'
import { startLokiReceiver } from '@lokits/testkit'

const mode = process.argv[2] ?? 'paced'
const rate = Number(process.argv[3] ?? 20_000)
const maxQueueEntries = Number(process.argv[4] ?? 10_000)
const phaseMs = Number(process.argv[5] ?? 10) * 1000
const SLOW_PUSH_MS = 100

const receiver = await startLokiReceiver()
const app = spawn(process.execPath, [
  fileURLToPath(new URL('block-memory-app.mjs', import.meta.url)),
  receiver.url, rate, mode, maxQueueEntries,
], { stdio: ['pipe', 'pipe', 'inherit'] })

let phase = 'normal'
const samples = []
let result
createInterface({ input: app.stdout }).on('line', (line) => {
  const sample = JSON.parse(line)
  if (sample.done) result = sample
  else samples.push({ phase, at: performance.now(), ...sample })
})

await delay(phaseMs)
phase = 'stalled'
receiver.stall()
await delay(phaseMs)
phase = 'slow'
// Held pushes go through first; then each push waits SLOW_PUSH_MS.
receiver.script(Array(100_000).fill({ delayMs: SLOW_PUSH_MS }))
receiver.resume()
await delay(phaseMs)
// Lift the slow script for the final flush; reset() forgets the entries,
// so count them first.
const storedBefore = receiver.stats().entriesStored
receiver.reset()
app.stdin.end('end\n')
await once(app, 'exit')
const stored = storedBefore + receiver.stats().entriesStored

const mb = (bytes) => (bytes / 2 ** 20).toFixed(1)
console.log(`mode ${mode}, ${rate}/s offered, maxQueueEntries ` +
  `${maxQueueEntries}, ${phaseMs / 1000} s a phase, node ${process.version}`)
console.log('phase     accepted/s  heap MB (min-max)  rss MB (min-max)  ' +
  'queue+in flight (max)  winston buffer (max)')
for (const name of ['normal', 'stalled', 'slow']) {
  const of = samples.filter((s) => s.phase === name)
  // Skip the first sample of a phase: it straddles the change.
  const steady = of.slice(1)
  const first = steady[0]
  const last = steady.at(-1)
  const acceptedPerSecond = (last.accepted - first.accepted) /
    ((last.at - first.at) / 1000)
  const range = (key) => `${mb(Math.min(...steady.map((s) => s[key])))}-` +
    `${mb(Math.max(...steady.map((s) => s[key])))}`
  const held = Math.max(...steady.map((s) => s.queuedEntries +
    s.inFlightEntries))
  const buffered = Math.max(...steady.map((s) => s.buffered))
  console.log(`${name.padEnd(9)} ${acceptedPerSecond.toFixed(0).padStart(10)}` +
    `  ${range('heapUsed').padStart(17)}  ${range('rss').padStart(16)}` +
    `  ${String(held).padStart(21)}  ${String(buffered).padStart(20)}`)
}
console.log(`logged ${result.logged}, accepted ${result.accepted}, ` +
  `dropped ${result.dropped}, stored ${stored}`)
await receiver.close()

// What the core costs per entry, on its own: a LokiClient and a
// LokiWorkerClient push request-log lines (flat strings, a frozen level
// label, as the adapters give them) to a server in another process that
// answers 204 without decoding, 1,000 entries per turn of the event loop.
// Prints the medians over rounds of the time spent in push() and of the
// CPU of the whole process (every thread) per entry, flush included. It
// asserts nothing on timing; compare figures from one run.
// With a number of entries larger than the queue (100,000 by default),
// each round pushes past the bounds without waiting, as a caller that
// ignores `block` mode's promise would: the pushes then wait for room,
// and the figures show what letting them in costs.
//
//   pnpm --filter @lokits/core build
//   node packages/core/scripts/push-cost.mjs [rounds] [entries per round]
import { LokiClient, LokiWorkerClient } from '../dist/esm/index.js'
import { startSinkProcess } from './sink-process.mjs'

const ROUNDS = Number(process.argv[2] ?? 7)
const ENTRIES = Number(process.argv[3] ?? 100_000)
const TURN = 1000

function requestLine (i) {
  return JSON.stringify({
    level: 'info', message: 'request completed',
    req: { id: `req-${i}`, method: 'GET',
      url: `/api/items/${i % 500}?page=${i % 7}`,
      remoteAddress: `10.0.${(i >> 8) & 255}.${i & 255}` },
    res: { statusCode: 200 }, responseTime: (i % 97) + 0.25, seq: i,
  })
}

const LINES = Array.from({ length: TURN }, (_, i) => requestLine(i))
const LABELS = Object.freeze({ level: 'info' })

async function burst (client, entries) {
  let pushNs = 0
  for (let done = 0; done < entries; done += TURN) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < TURN; i++) {
      client.push({ line: LINES[i], labels: LABELS, timestamp: undefined,
        structuredMetadata: undefined })
    }
    pushNs += Number(process.hrtime.bigint() - start)
    await new Promise((resolve) => setImmediate(resolve))
  }
  await client.flush()
  return pushNs
}

const median = (values) =>
  values.slice().sort((a, b) => a - b)[values.length >> 1]

const sink = await startSinkProcess()
const url = sink.url
console.log(`${ENTRIES} entries a round, median of ${ROUNDS} rounds`)
for (const [name, Client] of [['LokiClient', LokiClient],
  ['LokiWorkerClient', LokiWorkerClient]]) {
  const client = new Client({ url, labels: { app: 'cost' } })
  await burst(client, ENTRIES / 2) // warm-up
  const push = []
  const cpu = []
  for (let round = 0; round < ROUNDS; round++) {
    const before = process.cpuUsage()
    push.push(await burst(client, ENTRIES) / 1000 / ENTRIES)
    const used = process.cpuUsage(before)
    cpu.push((used.user + used.system) / ENTRIES)
  }
  await client.close()
  const { dropped } = client.stats()
  console.log(`${name.padEnd(17)} push() ${median(push).toFixed(2)} µs, ` +
    `CPU ${median(cpu).toFixed(2)} µs per entry, dropped ${dropped}`)
}
await sink.stop()

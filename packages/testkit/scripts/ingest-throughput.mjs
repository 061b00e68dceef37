// How much CPU the receiver spends per entry it decodes, validates and
// stores. Push bodies are encoded once by @lokits/core (a LokiClient
// pointed at a capturing server), then replayed to a receiver running in
// a child process of its own, so that the CPU it reports is the
// receiver's alone. Figures are printed, never asserted.
//
//   node packages/testkit/scripts/ingest-throughput.mjs
//     [--pushes 20] [--entries 10000] [--rounds 3] [--profile DIR]
//
// --profile writes a V8 CPU profile of the receiver process into DIR.
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { createServer, request as httpRequest } from 'node:http'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const SELF = fileURLToPath(import.meta.url)

const CASES = [
  { name: 'request logs, 3 streams', streams: 3 },
  { name: 'request logs, 200 streams', streams: 200 },
  { name: 'with structured metadata', streams: 3, metadata: true },
  { name: 'JSON body', streams: 3, encoding: 'json' },
]

// --- the receiver's process ---------------------------------------------

async function runReceiver () {
  const { startLokiReceiver } = await import('@lokits/testkit')
  const receiver = await startLokiReceiver()
  let cpu = process.cpuUsage()
  const handlers = {
    url: () => receiver.url,
    reset: () => receiver.reset(),
    mark: () => {
      cpu = process.cpuUsage()
    },
    measure: () => {
      const used = process.cpuUsage(cpu)
      return { cpuMs: (used.user + used.system) / 1000, ...receiver.stats() }
    },
  }
  process.on('message', ({ id, type }) => {
    process.send({ id, value: handlers[type]() })
  })
  process.on('disconnect', () => process.exit(0))
}

function receiverProcess (profileDir) {
  const execArgv = profileDir === undefined
    ? []
    : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]
  const child = fork(SELF, ['--receiver'], { execArgv })
  let nextId = 0
  const call = async (type) => {
    const id = nextId++
    child.send({ id, type })
    for (;;) {
      const [message] = await once(child, 'message')
      if (message.id === id) return message.value
    }
  }
  return { call, stop: () => child.disconnect() }
}

// --- bodies, encoded by the core ----------------------------------------

// A pino request log of about 200 bytes.
function line (i) {
  return JSON.stringify({
    level: 30,
    time: 1_700_000_000_000 + i,
    pid: 4242,
    hostname: 'web-1',
    req: { id: `req-${i}`, method: 'GET', url: `/api/items/${i % 500}` },
    res: { statusCode: 200 },
    responseTime: (i % 97) + 0.25,
    msg: 'request completed',
  })
}

async function captureBodies (testCase, pushes, entries) {
  const { LokiClient } = await import('@lokits/core')
  const bodies = []
  const dropped = []
  const server = createServer(async (request, response) => {
    const chunks = []
    for await (const chunk of request) chunks.push(chunk)
    bodies.push({ headers: request.headers, body: Buffer.concat(chunks) })
    response.writeHead(204).end()
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')

  const client = new LokiClient({
    url: `http://127.0.0.1:${server.address().port}`,
    labels: { app: 'checkout', env: 'prod', host: 'web-1' },
    encoding: testCase.encoding ?? 'protobuf',
    maxEntries: entries,
    maxBytes: 64 * 1024 * 1024,
    maxWaitMs: 60_000,
    onDrop: (entries, reason) => {
      dropped.push(`${entries.length} entries (${reason})`)
    },
    onDropReport: false,
  })
  let n = 0
  for (let p = 0; p < pushes; p++) {
    for (let i = 0; i < entries; i++, n++) {
      client.push({
        line: line(n),
        labels: { shard: `s${n % testCase.streams}` },
        ...(testCase.metadata === true
          ? { structuredMetadata: { trace_id: `t${n}`, user: 'u42' } }
          : {}),
      })
    }
    await client.flush()
  }
  await client.close()
  server.close()
  // Replaying fewer entries than meant would flatter the receiver.
  if (dropped.length > 0) {
    throw new Error(`the client dropped ${dropped.join(', ')}`)
  }
  return bodies
}

// --- replay -------------------------------------------------------------

async function post (url, { headers, body }) {
  const request = httpRequest(`${url}/loki/api/v1/push`, {
    method: 'POST',
    headers: {
      'content-type': headers['content-type'],
      ...(headers['content-encoding'] === undefined
        ? {}
        : { 'content-encoding': headers['content-encoding'] }),
    },
  })
  request.end(body)
  const [response] = await once(request, 'response')
  response.resume()
  await once(response, 'end')
  if (response.statusCode !== 204) {
    throw new Error(`push answered ${response.statusCode}`)
  }
}

async function replay (receiver, url, bodies) {
  await receiver.call('mark')
  const started = performance.now()
  for (const body of bodies) await post(url, body)
  const seconds = (performance.now() - started) / 1000
  return { seconds, ...(await receiver.call('measure')) }
}

function figures (run, entries) {
  return {
    cpuUsPerEntry: run.cpuMs * 1000 / entries,
    entriesPerSecond: entries / run.seconds,
  }
}

function median (values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

async function measureCase (testCase, options) {
  const bodies = await captureBodies(testCase, options.pushes, options.entries)
  const total = options.pushes * options.entries
  const wireBytes = bodies.reduce((sum, { body }) => sum + body.length, 0)
  const receiver = receiverProcess(options.profile)
  const url = await receiver.call('url')

  const fresh = []
  const resent = []
  // The first round warms the receiver up and is not counted.
  for (let round = 0; round <= options.rounds; round++) {
    await receiver.call('reset')
    const stored = await replay(receiver, url, bodies)
    if (stored.entriesStored !== total) {
      throw new Error(`stored ${stored.entriesStored} of ${total} entries`)
    }
    // The same bodies again: every entry is a duplicate to drop.
    const again = await replay(receiver, url, bodies)
    if (round > 0) {
      fresh.push(figures(stored, total))
      resent.push(figures(again, total))
    }
  }
  receiver.stop()

  return {
    case: testCase.name,
    wireBytesPerEntry: wireBytes / total,
    fresh: summarize(fresh),
    resent: summarize(resent),
  }
}

function summarize (runs) {
  return {
    cpuUsPerEntry: median(runs.map((r) => r.cpuUsPerEntry)),
    entriesPerSecond: median(runs.map((r) => r.entriesPerSecond)),
  }
}

function print (results, options) {
  console.log(`${options.pushes} pushes of ${options.entries} entries, ` +
    `median of ${options.rounds} rounds; receiver CPU in its own process`)
  console.log('case'.padEnd(28) + 'bytes/entry'.padStart(12) +
    'µs/entry'.padStart(10) + 'entries/s'.padStart(11) +
    '  resent µs/entry'.padStart(18) + 'entries/s'.padStart(11))
  for (const r of results) {
    console.log(r.case.padEnd(28) +
      r.wireBytesPerEntry.toFixed(1).padStart(12) +
      r.fresh.cpuUsPerEntry.toFixed(2).padStart(10) +
      Math.round(r.fresh.entriesPerSecond).toString().padStart(11) +
      r.resent.cpuUsPerEntry.toFixed(2).padStart(18) +
      Math.round(r.resent.entriesPerSecond).toString().padStart(11))
  }
}

async function main () {
  const { values } = parseArgs({
    options: {
      receiver: { type: 'boolean', default: false },
      pushes: { type: 'string', default: '20' },
      entries: { type: 'string', default: '10000' },
      rounds: { type: 'string', default: '3' },
      profile: { type: 'string' },
      case: { type: 'string' },
    },
  })
  if (values.receiver) return runReceiver()

  const options = {
    pushes: Number(values.pushes),
    entries: Number(values.entries),
    rounds: Number(values.rounds),
    profile: values.profile,
  }
  const cases = CASES.filter((c) =>
    values.case === undefined || c.name.includes(values.case))
  const results = []
  for (const testCase of cases) results.push(await measureCase(testCase, options))
  print(results, options)
}

await main()

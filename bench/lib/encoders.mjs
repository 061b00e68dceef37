// Micro-benchmarks of the core's body encoders: protobuf in snappy
// blocks, JSON, and gzipped JSON. They read the core's internal modules
// from its build, so they measure exactly what a push encodes. Run as a
// script (`node lib/encoders.mjs [--quick]`) it prints JSON; the runner
// calls it in a process of its own through runEncoders().
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { filler } from './filler.mjs'

const SELF = fileURLToPath(import.meta.url)
const CORE = new URL('../../packages/core/dist/esm/', import.meta.url)
const BATCH_ENTRIES = 1000

const CASES = [
  { name: 'request logs, 1 stream', streams: 1, bodyChars: 0 },
  { name: 'request logs, 200 streams', streams: 200, bodyChars: 0 },
  { name: '4 KB lines, 1 stream', streams: 1, bodyChars: 3900 },
]
const FORMATS = [
  // Without compression, to tell the protobuf step from the snappy step.
  { name: 'protobuf alone', encoding: 'protobuf', gzip: false, raw: true },
  { name: 'protobuf + snappy', encoding: 'protobuf', gzip: false },
  { name: 'JSON', encoding: 'json', gzip: false },
  { name: 'JSON + gzip', encoding: 'json', gzip: true },
]

export function runEncoders (quick) {
  const out = execFileSync(process.execPath,
    [SELF, ...(quick ? ['--quick'] : [])], { encoding: 'utf8' })
  return JSON.parse(out)
}

async function core (file) {
  return import(new URL(file, CORE).href)
}

// Lines as pino writes a request log, so sizes on the wire are realistic.
function line (i, bodyChars) {
  return JSON.stringify({
    level: 30,
    time: 1_700_000_000_000 + i,
    pid: 4242,
    hostname: 'bench-host',
    req: { id: `req-${i}`, method: 'GET', url: `/api/items/${i % 500}` },
    res: { statusCode: 200 },
    responseTime: (i % 97) + 0.25,
    ...(bodyChars > 0 ? { body: filler(i, bodyChars) } : {}),
    msg: 'request completed',
  })
}

// What push() does to each entry before it is queued: stream, timestamp,
// and the entry's record, written into the slabs of one arena.
async function preparer (encoding) {
  const { resolveOptions } = await core('resolve-options.js')
  const { EntryPreparer } = await core('prepare-entry.js')
  const { EntryWriter } = await core('entry-writer.js')
  const { RecordArena } = await core('record-arena.js')
  const { Counters } = await core('stats.js')
  const options = resolveOptions({ url: 'http://127.0.0.1:3100', encoding,
    labels: { app: 'bench' } })
  const arena = new RecordArena()
  return new EntryPreparer(options, new Counters(),
    new EntryWriter(encoding, () => arena))
}

function batch (prepare, inputs) {
  const streams = new Map()
  const now = Date.now()
  for (const input of inputs) {
    const entry = prepare.prepare(input, now)
    if (typeof entry === 'string') throw new Error(`dropped: ${entry}`)
    if (!streams.has(entry.stream)) streams.set(entry.stream, [])
    streams.get(entry.stream).push(entry)
  }
  return streams
}

function inputs (testCase) {
  return Array.from({ length: BATCH_ENTRIES }, (_, i) => ({
    line: line(i, testCase.bodyChars),
    labels: { shard: `s${i % testCase.streams}` },
  }))
}

// Runs `step` (one batch) for at least `budgetMs`; entries per second.
async function rate (step, budgetMs) {
  let batches = 0
  const started = performance.now()
  while (performance.now() - started < budgetMs || batches < 3) {
    await step()
    batches++
  }
  return batches * BATCH_ENTRIES / ((performance.now() - started) / 1000)
}

async function measure (testCase, format, budgetMs) {
  const { encodeBody } = await core('push-body.js')
  const { encodePushRequest } = await core('protobuf-encoder.js')
  const prepare = await preparer(format.encoding)
  const records = inputs(testCase)
  const streams = batch(prepare, records)
  const encode = format.raw === true
    ? async () => ({ body: encodePushRequest(streams) })
    : () => encodeBody(streams, format.encoding, format.gzip)
  const { body } = await encode()
  await rate(encode, budgetMs / 4) // warm-up
  return {
    case: testCase.name,
    format: format.name,
    prepareEntriesPerSecond: await rate(() => batch(prepare, records),
      budgetMs),
    entriesPerSecond: await rate(encode, budgetMs),
    wireBytesPerEntry: body.byteLength / BATCH_ENTRIES,
  }
}

async function main (quick) {
  const budgetMs = quick ? 150 : 1000
  const results = []
  for (const testCase of CASES) {
    for (const format of FORMATS) {
      results.push(await measure(testCase, format, budgetMs))
    }
  }
  return results
}

if (process.argv[1] === SELF) {
  console.log(JSON.stringify(await main(process.argv.includes('--quick'))))
}

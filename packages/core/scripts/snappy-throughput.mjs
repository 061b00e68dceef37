// Compares the core's snappy compressor with snappyjs, the one it used
// before, in one run: protobuf push bodies as the client encodes them
// (batches of at most 1 MiB), compressed 64 KiB per turn of the event
// loop by both. Prints the best of several rounds in MB/s and µs per
// entry, the compressed sizes, and the ratios new / old. Checks that
// every new block decodes to its input; it asserts nothing on timing.
//
//   pnpm --filter @lokits/core build
//   node packages/core/scripts/snappy-throughput.mjs [rounds]
import { randomBytes } from 'node:crypto'
import { setImmediate as nextTurn } from 'node:timers/promises'
import snappy from 'snappyjs'
import { encodePushRequest } from '../dist/esm/protobuf-encoder.js'
import { EntryWriter } from '../dist/esm/entry-writer.js'
import { RecordArena } from '../dist/esm/record-arena.js'
import { compressSnappyBlock } from '../dist/esm/snappy-block.js'

const ROUNDS = Number(process.argv[2] ?? 15)
const MAX_BODY_BYTES = 1024 * 1024 // the client's default maxBytes
const CHUNK_BYTES = 64 * 1024
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE']
const STATUSES = [200, 200, 200, 201, 204, 304, 404, 500]

// A request log line as pino writes it, about 230 bytes, varying per line.
function requestLine (i) {
  return JSON.stringify({
    level: 30, time: 1_733_250_000_000 + i * 3, pid: 123, hostname: 'h',
    req: { id: `req-${i}`, method: METHODS[i % METHODS.length],
      url: `/api/items/${i % 500}?page=${i % 7}`,
      remoteAddress: `10.0.${(i >> 8) & 255}.${i & 255}` },
    res: { statusCode: STATUSES[i % STATUSES.length] },
    responseTime: (i % 97) + 0.25, seq: i, msg: 'request completed',
  })
}

// Base-64-like text from a fixed pseudo-random sequence: compresses about
// as little as real payloads do, unlike a run of one character.
const ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
function filler (seed, chars) {
  let text = ''
  for (let i = 0; i < chars; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    text += ALPHABET[seed >>> 26]
  }
  return text
}

// A request log with a 3,900-character body: about 4 KB.
function largeLine (i) {
  return requestLine(i).slice(0, -1) + `,"body":"${filler(i, 3900)}"}`
}

// Push bodies of at most MAX_BODY_BYTES, one stream, as the client batches.
async function pushBodies (lines) {
  const stream = { key: '{app="bench", level="info"}', json: '{}', hash: 0,
    newestSeconds: 0, newestNanos: 0 }
  const arena = new RecordArena()
  const writer = new EntryWriter('protobuf', () => arena)
  const bodies = []
  let batch = []
  let bytes = 0
  for (const [i, line] of lines.entries()) {
    const seconds = 1_733_250_000 + Math.floor(i / 1000)
    const nanos = (i % 1000) * 1_000_000
    const entry = writer.write('', stream, seconds, nanos, line, undefined,
      i, 0)
    if (bytes + entry.size > MAX_BODY_BYTES && batch.length > 0) {
      bodies.push(await encodePushRequest(new Map([[stream, batch]])))
      batch = []
      bytes = 0
    }
    batch.push(entry)
    bytes += entry.size
  }
  bodies.push(await encodePushRequest(new Map([[stream, batch]])))
  return bodies
}

// How the core compressed with snappyjs: each 64 KiB chunk on its own,
// their length headers dropped, behind one header for the whole block.
async function snappyjsBlock (input) {
  if (input.length <= CHUNK_BYTES) return snappy.compress(input)
  const parts = [varint(input.length)]
  for (let at = 0; at < input.length; at += CHUNK_BYTES) {
    if (at > 0) await nextTurn()
    const chunk = snappy.compress(input.subarray(at, at + CHUNK_BYTES))
    parts.push(chunk.subarray(varint(Math.min(CHUNK_BYTES,
      input.length - at)).length))
  }
  return Buffer.concat(parts)
}

function varint (n) {
  const bytes = []
  for (; n >= 0x80; n >>>= 7) bytes.push((n & 0x7f) | 0x80)
  bytes.push(n)
  return Buffer.from(bytes)
}

async function timed (compress, bodies) {
  const start = process.hrtime.bigint()
  let bytes = 0
  for (const body of bodies) bytes += (await compress(body)).length
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, bytes }
}

const CASES = [
  { name: 'request logs', entries: 10_000, bodies: () =>
    pushBodies(Array.from({ length: 10_000 }, (_, i) => requestLine(i))) },
  { name: 'request logs, 20 a body', entries: 10_000, bodies: async () =>
    (await Promise.all(Array.from({ length: 500 }, (_, b) =>
      pushBodies(Array.from({ length: 20 },
        (_, i) => requestLine(b * 20 + i)))))).flat() },
  { name: '4 KB lines', entries: 2_000, bodies: () =>
    pushBodies(Array.from({ length: 2_000 }, (_, i) => largeLine(i))) },
  { name: 'random bytes', entries: 0, bodies: async () =>
    [randomBytes(MAX_BODY_BYTES), randomBytes(MAX_BODY_BYTES)] },
]

const rows = []
for (const { name, entries, bodies: make } of CASES) {
  const bodies = await make()
  for (const body of bodies) {
    const block = await compressSnappyBlock(body)
    if (!Buffer.from(snappy.uncompress(block)).equals(body)) {
      throw new Error(`${name}: the new block does not decode to its input`)
    }
  }
  const best = { old: Infinity, new: Infinity }
  const sizes = {}
  for (let round = 0; round < ROUNDS; round++) {
    for (const [kind, compress] of [['old', snappyjsBlock],
      ['new', compressSnappyBlock]]) {
      const { ms, bytes } = await timed(compress, bodies)
      best[kind] = Math.min(best[kind], ms)
      sizes[kind] = bytes
    }
  }
  const input = bodies.reduce((sum, body) => sum + body.length, 0)
  rows.push({ name, entries, input, best, sizes })
}

const pad = (value, width) => String(value).padStart(width)
const mbs = (bytes, ms) => (bytes / 1e6 / (ms / 1e3)).toFixed(0)
const perEntry = (ms, entries) =>
  entries === 0 ? '-' : (ms * 1e3 / entries).toFixed(3)
process.stdout.write(`best of ${ROUNDS} rounds; old = snappyjs, ` +
  `new = compressSnappyBlock; speed and size are new / old\n` +
  `${'case'.padEnd(24)}${pad('input', 10)}${pad('MB/s old', 10)}` +
  `${pad('new', 6)}${pad('µs/entry old', 14)}${pad('new', 7)}` +
  `${pad('bytes old', 11)}${pad('new', 9)}${pad('speed', 7)}` +
  `${pad('size', 6)}\n`)
for (const { name, entries, input, best, sizes } of rows) {
  process.stdout.write(`${name.padEnd(24)}${pad(input, 10)}` +
    `${pad(mbs(input, best.old), 10)}${pad(mbs(input, best.new), 6)}` +
    `${pad(perEntry(best.old, entries), 14)}` +
    `${pad(perEntry(best.new, entries), 7)}` +
    `${pad(sizes.old, 11)}${pad(sizes.new, 9)}` +
    `${pad((best.old / best.new).toFixed(2), 7)}` +
    `${pad((sizes.new / sizes.old).toFixed(3), 6)}\n`)
}

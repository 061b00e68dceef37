// What cutting pino's output into lines costs per line in the stream
// pino-abstract-transport builds (split2, its mapper, a 'data' event per
// line), with split2's own matcher /\r?\n/ and with '\n', the one the
// transport sets. Chunks of about 64 KB of request logs, as pino's worker
// hands them over. Prints the best of several rounds; asserts nothing on
// timing, only that both give the same lines.
//
//   node packages/pino/scripts/line-split.mjs [rounds]
import build from 'pino-abstract-transport'

const ROUNDS = Number(process.argv[2] ?? 7)
const LINES_PER_CHUNK = 280
const CHUNKS = 100
const REPEAT = 20

function line (i) {
  return JSON.stringify({
    level: 30, time: 1_733_310_000_000 + i, pid: 1234, hostname: 'host',
    req: { id: `req-${i}`, method: 'GET', url: `/api/items/${i % 500}`,
      remoteAddress: '10.0.0.1' },
    res: { statusCode: 200 }, responseTime: 1.25, seq: i,
    msg: 'request completed',
  }) + '\n'
}

const chunks = Array.from({ length: CHUNKS }, (_, c) =>
  Array.from({ length: LINES_PER_CHUNK },
    (_, i) => line(c * LINES_PER_CHUNK + i)).join(''))

async function splitter (matcher) {
  const lines = []
  const stream = await build((source) => {
    source.on('data', (text) => {
      if (lines.length < LINES_PER_CHUNK) lines.push(text)
    })
  }, { parseLine: (text) => text, parse: 'lines' })
  // As the transport does: strings pass through, and the matcher is set.
  stream._writableState.decodeStrings = false
  if (matcher !== undefined) stream.matcher = matcher
  return { stream, lines }
}

async function best (matcher) {
  const { stream, lines } = await splitter(matcher)
  let fastest = Infinity
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint()
    for (let r = 0; r < REPEAT; r++) {
      for (const chunk of chunks) stream.write(chunk)
    }
    await new Promise((resolve) => setImmediate(resolve))
    const ns = Number(process.hrtime.bigint() - start)
    fastest = Math.min(fastest, ns / (REPEAT * CHUNKS * LINES_PER_CHUNK))
  }
  return { ns: fastest, lines }
}

const regex = await best(undefined)
const newline = await best('\n')
if (regex.lines.join('\n') !== newline.lines.join('\n')) {
  throw new Error('the two matchers gave different lines')
}
console.log(`split2's /\\r?\\n/  ${regex.ns.toFixed(0)} ns a line`)
console.log(`'\\n'             ${newline.ns.toFixed(0)} ns a line ` +
  `(${(newline.ns / regex.ns).toFixed(2)}×)`)

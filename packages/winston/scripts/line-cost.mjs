// What a transport that ships winston's formatted line pays for it before
// any work of its own: winston's JSON format builds the line by
// concatenation, and its first read flattens the pieces into one string;
// writing it into a buffer as UTF-8 then copies it once more. Formats
// request logs with `format.json()` and times, per line: the format alone,
// the format and a first read of the line, and the format and the line
// written into a buffer. The cases run interleaved, over many rounds, and
// the minimum, first quartile and median are printed, so that a machine
// shared with others still gives the difference. Asserts nothing.
//   node scripts/line-cost.mjs [rounds=40]
import winston from 'winston'

const ROUNDS = Number(process.argv[2] ?? 40)
const LINES = 1000
const REPEATS = 10
const MESSAGE = Symbol.for('message')
const LEVEL = Symbol.for('level')
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE']

const format = winston.format.json()
const buffer = Buffer.allocUnsafe(1 << 20)

function info (i) {
  return {
    [LEVEL]: 'info', level: 'info', message: 'request completed',
    req: { id: `req-${i}`, method: METHODS[i % METHODS.length],
      url: `/api/items/${i % 500}?page=${i % 7}`,
      remoteAddress: `10.0.${(i >> 8) & 255}.${i & 255}` },
    res: { statusCode: 200 }, responseTime: (i % 97) + 0.25, seq: i,
  }
}

let checksum = 0
let at = 0
const CASES = {
  'format only': () => {},
  'format, read the line': (line) => { checksum += line.charCodeAt(7) },
  'format, write it as UTF-8': (line) => {
    at += buffer.write(line, at, 'utf8')
    if (at > buffer.length - 4096) at = 0
  },
}

const times = new Map(Object.keys(CASES).map((name) => [name, []]))
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, use] of Object.entries(CASES)) {
    const start = process.hrtime.bigint()
    for (let r = 0; r < REPEATS; r++) {
      for (let i = 0; i < LINES; i++) {
        use(format.transform(info(i), format.options)[MESSAGE])
      }
    }
    const ns = Number(process.hrtime.bigint() - start) / (REPEATS * LINES)
    times.get(name).push(ns)
  }
}

console.log(`ns per line, ${ROUNDS} rounds of ${REPEATS * LINES} lines` +
  ` (checksum ${checksum})`)
console.log('case'.padEnd(28) + 'min'.padStart(7) + 'q1'.padStart(7) +
  'median'.padStart(8))
for (const [name, values] of times) {
  values.sort((a, b) => a - b)
  const q = (f) => values[Math.floor(f * (values.length - 1))].toFixed(0)
  console.log(name.padEnd(28) + q(0).padStart(7) + q(0.25).padStart(7) +
    q(0.5).padStart(8))
}

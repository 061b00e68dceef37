// Run inside the packed-and-installed project with LOKI_URL: logs through
// pino (the transport loaded by pino's worker from the installed package)
// and winston, both loaded by `import` or `require` as argv[2] says.
import { once } from 'node:events'
import { createRequire } from 'node:module'

const mode = process.argv[2]
const require = createRequire(import.meta.url)
const load = mode === 'require'
  ? async (specifier) => require(specifier)
  : async (specifier) => {
    const namespace = await import(specifier)
    return namespace.default ?? namespace
  }
const pino = await load('pino')
const winston = await load('winston')
const { LokiTransport } = await load('@lokits/winston')
const url = process.env.LOKI_URL

// Exported, so that the logger stays reachable until the process exits:
// pino finishes its transport at exit through a weak reference, and a
// logger nothing refers to any more may be collected before, its last
// line with it, by any garbage collection in between.
export const pinoLogger = pino(pino.transport({
  target: '@lokits/pino',
  options: { url, labels: { service: `packed-${mode}-pino` } },
}))
pinoLogger.info('from pino')

const winstonLogger = winston.createLogger({
  transports: [new LokiTransport({
    url, labels: { service: `packed-${mode}-winston` },
  })],
})
winstonLogger.info('from winston')

// winston's documented shutdown; pino's transport is left to pino's exit
// handling, which waits for its worker to send what it holds.
const finished = once(winstonLogger, 'finish')
winstonLogger.end()
await finished

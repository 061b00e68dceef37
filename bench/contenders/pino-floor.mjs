// The floor of the pino family: pino's own file transport in the worker
// thread, writing to /dev/null, which costs nothing to write to.
import { pinoLogger } from './pino-logger.mjs'

export function create () {
  return pinoLogger('pino/file', { destination: '/dev/null' })
}

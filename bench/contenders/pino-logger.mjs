// A pino logger writing through a transport in pino's worker thread, as
// every pino contender is used: the same logger, only the target differs.
import { once } from 'node:events'
import pino from 'pino'

export async function pinoLogger (target, options) {
  const transport = pino.transport({ target, options })
  // pino() sends the worker its configuration, which a transport may
  // wait for before it is ready: create the logger first. Measuring
  // starts with a running worker, as in a server that is up.
  const logger = pino(transport)
  await once(transport, 'ready')
  return {
    log (record) {
      if (record.fields === undefined) logger.info(record.msg)
      else logger.info(record.fields, record.msg)
    },
    // Ending the stream makes the worker run the transport's close and
    // exit; 'close' comes after that, so everything is delivered.
    async close () {
      const closed = once(transport, 'close')
      transport.end()
      await closed
    },
  }
}

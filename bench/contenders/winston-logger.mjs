// A winston logger with one transport and the usual JSON format, as every
// winston contender is used: the same logger, only the transport differs.
import { once } from 'node:events'
import winston from 'winston'

// `meta` turns a record's fields into the info's meta, for a transport
// that wants some of them in a shape of its own.
export function winstonLogger (transport, closeTransport, meta = same) {
  const logger = winston.createLogger({
    level: 'info',
    format: winston.format.json(),
    transports: [transport],
  })
  return {
    log (record) {
      if (record.fields === undefined) logger.info(record.msg)
      else logger.info(record.msg, meta(record.fields))
    },
    // The logger finishes once its transports have taken every info;
    // then the transport's own close sends what it still holds.
    async close () {
      const finished = once(logger, 'finish')
      logger.end()
      await finished
      await closeTransport()
    },
  }
}

function same (fields) {
  return fields
}

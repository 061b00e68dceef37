// The floor of the winston family: a transport that only calls back.
import winston from 'winston'
import { winstonLogger } from './winston-logger.mjs'

class CallbackTransport extends winston.Transport {
  log (info, callback) {
    callback()
  }
}

export function create () {
  return winstonLogger(new CallbackTransport(), async () => {})
}

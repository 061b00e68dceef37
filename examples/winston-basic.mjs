// winston with the lokits transport.
// Run: node examples/winston-basic.mjs   (LOKI_URL=http://localhost:3100
// to send to a real Loki)
import winston from 'winston'
import { LokiTransport } from '@lokits/winston'
import { withLoki } from './lib/loki.mjs'

await withLoki(async (url) => {
  const logger = winston.createLogger({
    level: 'debug',
    format: winston.format.combine(
      winston.format.timestamp(),
      winston.format.json(),
    ),
    defaultMeta: { service: 'demo-winston' },
    transports: [new LokiTransport({
      url,
      labels: { env: 'dev' },
      labelKeys: ['service'],
    })],
  })

  logger.info('service started')
  logger.debug('cache warmed', { entries: 1200 })
  logger.warn('slow request', { path: '/orders', duration_ms: 2300 })
  for (let i = 0; i < 3; i++) logger.info('the same line, logged again')

  // winston's documented shutdown: end, then wait for finish.
  await new Promise((resolve) => {
    logger.on('finish', resolve)
    logger.end()
  })
})

// pino with the lokits transport: shipping runs in pino's worker thread.
// Run: node examples/pino-basic.mjs   (LOKI_URL=http://localhost:3100 to
// send to a real Loki)
import pino from 'pino'
import { withLoki } from './lib/loki.mjs'
import { endTransport } from './lib/pino-transport.mjs'

await withLoki(async (url) => {
  const transport = pino.transport({
    target: '@lokits/pino',
    options: {
      url,
      labels: { service: 'demo-pino', env: 'dev' },
    },
  })
  const logger = pino(transport)

  logger.info('service started')
  logger.warn({ disk_free_mb: 512 }, 'disk space is low')
  logger.error(new Error('connection refused'), 'payment failed')
  for (let i = 0; i < 3; i++) logger.info('the same line, logged again')

  // pino's way to end: end the transport and wait for its worker to
  // close; the worker sends what it holds first.
  await endTransport(transport)
})

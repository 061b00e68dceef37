// pino with the lokits transport: shipping runs in pino's worker thread.
// Run: node examples/pino-basic.mjs   (LOKI_URL=http://localhost:3100 to
// send to a real Loki)
import { once } from 'node:events'
import pino from 'pino'
import { withLoki } from './lib/loki.mjs'

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

  await endTransport(transport)
})

// Ends the transport and waits until its worker has sent what it holds.
// pino unrefs the worker once it is ready, so that logging never keeps a
// process alive: wait for that first, then hold the process until close.
// (Without this, pino still delivers at process exit.)
async function endTransport (transport) {
  if (!transport.ready) await once(transport, 'ready')
  transport.ref()
  const closed = once(transport, 'close')
  transport.end()
  await closed
}

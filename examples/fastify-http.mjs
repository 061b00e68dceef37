// An HTTP service on Fastify, which logs through pino: give it a pino
// logger on the lokits transport and every request's "incoming request"
// and "request completed" lines go to Loki. The example serves on a free
// port, calls itself a few times, then shuts down.
// Run: node examples/fastify-http.mjs   (LOKI_URL=... for a Loki)
import Fastify from 'fastify'
import pino from 'pino'
import { withLoki } from './lib/loki.mjs'
import { endTransport } from './lib/pino-transport.mjs'

await withLoki(async (url) => {
  const transport = pino.transport({
    target: '@lokits/pino',
    options: {
      url,
      labels: { service: 'demo-http' },
      // Fastify's request id differs on every request: metadata, not a
      // label. Method and status have few values but are already in the
      // line, where `| json | res_statusCode >= 500` finds them.
      metadataKeys: ['reqId'],
    },
  })
  const app = Fastify({ loggerInstance: pino(transport) })

  app.get('/orders/:id', async (request) => {
    request.log.info({ order: request.params.id }, 'order looked up')
    return { id: request.params.id, status: 'shipped' }
  })
  app.get('/fail', async () => {
    throw new Error('the database is away')
  })

  const base = await app.listen({ host: '127.0.0.1', port: 0 })
  for (const path of ['/orders/1041', '/orders/1042', '/missing', '/fail']) {
    const response = await fetch(base + path)
    await response.arrayBuffer()
  }

  // Stop serving first, so the last requests are logged, then end the
  // transport: its worker sends what it holds before it closes.
  await app.close()
  await endTransport(transport)
})

// pino child loggers, with a label from their bindings and trace ids as
// structured metadata. A component has a handful of values, so it can be
// a label; a trace id is new for every request, so as a label it would
// make a stream per request: it goes into structured metadata, where
// `{service="shop-api"} | trace_id="..."` still finds it.
// Run: node examples/pino-trace-metadata.mjs   (LOKI_URL=... for a Loki)
import { randomBytes } from 'node:crypto'
import pino from 'pino'
import { withLoki } from './lib/loki.mjs'
import { endTransport } from './lib/pino-transport.mjs'

await withLoki(async (url) => {
  const transport = pino.transport({
    target: '@lokits/pino',
    options: {
      url,
      labels: { service: 'shop-api' },
      // Read from the record and from the child logger's bindings.
      labelKeys: ['component'],
      metadataKeys: ['trace_id', 'span_id'],
      // Both are in the entry already; the line need not repeat them.
      omitPromotedKeys: true,
    },
  })
  const logger = pino(transport)
  const billing = logger.child({ component: 'billing' })
  const shipping = logger.child({ component: 'shipping' })

  for (const order of [1041, 1042]) {
    // One trace per order, as an OpenTelemetry context would give it.
    const trace = { trace_id: randomBytes(16).toString('hex') }
    billing.child(trace).info({ span_id: spanId(), order }, 'card charged')
    shipping.child(trace).info({ span_id: spanId(), order }, 'label printed')
  }
  billing.warn({ trace_id: randomBytes(16).toString('hex'), order: 1043 },
    'card declined')

  await endTransport(transport)
})

function spanId () {
  return randomBytes(8).toString('hex')
}

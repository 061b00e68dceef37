// Grafana Cloud: basic auth with the stack's Loki instance id as the user
// and an access policy token with the logs:write scope as the password.
// Set GRAFANA_LOKI_URL (e.g. https://logs-prod-012.grafana.net),
// GRAFANA_LOKI_USER and GRAFANA_LOKI_TOKEN to send there. Without them the
// example sends stand-in credentials to a receiver that requires exactly
// those, as Grafana's gateway would: wrong ones would be answered 401 and
// nothing would be stored.
// Run: node examples/grafana-cloud.mjs
import pino from 'pino'
import { withLoki } from './lib/loki.mjs'
import { endTransport } from './lib/pino-transport.mjs'

const { GRAFANA_LOKI_URL, GRAFANA_LOKI_USER, GRAFANA_LOKI_TOKEN } =
  process.env

if (GRAFANA_LOKI_URL) {
  if (!GRAFANA_LOKI_USER || !GRAFANA_LOKI_TOKEN) {
    throw new Error('GRAFANA_LOKI_URL is set: set GRAFANA_LOKI_USER (the ' +
      'instance id) and GRAFANA_LOKI_TOKEN (an access policy token) too')
  }
  const stats = await ship(GRAFANA_LOKI_URL,
    { username: GRAFANA_LOKI_USER, password: GRAFANA_LOKI_TOKEN })
  console.log(`${stats.sent} entries stored, ${stats.dropped} dropped; ` +
    'in Grafana Cloud, Explore {service="demo-cloud"}')
} else {
  const standIn = { username: '123456', password: 'glc_stand-in-token' }
  await withLoki((url) => ship(url, standIn), { auth: { basic: standIn } })
}

async function ship (url, basicAuth) {
  const transport = pino.transport({
    target: '@lokits/pino',
    options: { url, basicAuth, labels: { service: 'demo-cloud' } },
  })
  // Wrong credentials never throw into the app: the 401 drops the entries
  // as `rejected`, reported as a LokiDropWarning and `lokits:drop` events.
  const logger = pino(transport)
  // The worker's final counts, sent to this thread as it closes.
  let stats
  transport.once('lokits:stats', (final) => { stats = final })

  logger.info('hello from lokits')
  logger.info({ region: 'eu-west' }, 'a line with fields')

  await endTransport(transport)
  return stats
}

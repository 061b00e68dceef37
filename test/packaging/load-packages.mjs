// Run inside the packed-and-installed project: loads every package the way
// an ESM (`import`) or CommonJS (`require`) application would, uses each a
// little, and prints what it got and from which file, as JSON.
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const mode = process.argv[2]
const require = createRequire(import.meta.url)
const load = mode === 'require'
  ? async (specifier) => require(specifier)
  : (specifier) => import(specifier)
const resolve = mode === 'require'
  ? require.resolve
  : (specifier) => fileURLToPath(import.meta.resolve(specifier))

const specifiers = ['@lokits/core', '@lokits/core/prometheus',
  '@lokits/pino', '@lokits/winston', '@lokits/testkit']
const [core, prometheus, pino, winston, testkit] =
  await Promise.all(specifiers.map(load))
const { Registry } = await load('prom-client')

// The Prometheus collector reads a real client's stats through prom-client.
const client = new core.LokiClient({ url: 'http://127.0.0.1:9' })
const registry = new Registry()
prometheus.registerLokiMetrics(registry, client)
const metrics = await registry.metrics()
await client.close()

console.log(JSON.stringify({
  exports: {
    LokiClient: typeof core.LokiClient,
    registerLokiMetrics: typeof prometheus.registerLokiMetrics,
    lokiTransport: typeof pino.default,
    LokiTransport: typeof winston.LokiTransport,
    startLokiReceiver: typeof testkit.startLokiReceiver,
  },
  files: Object.fromEntries(specifiers.map((s) => [s, resolve(s)])),
  metricsExposed: metrics.includes('lokits_entries_pushed_total'),
}))

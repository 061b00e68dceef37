// Type-checked in the installed project twice, as types.mts (an ES
// module: the `import` types) and as types.cts (CommonJS: the `require`
// types). Each must resolve and be real types rather than `any`: the
// expected errors below fail the check if they are not.
import { LokiClient, type LokiStats } from '@lokits/core'
import { registerLokiMetrics } from '@lokits/core/prometheus'
import lokiTransport, { type PinoTransportOptions } from '@lokits/pino'
import { LokiTransport } from '@lokits/winston'
import { startLokiReceiver, type LokiReceiver } from '@lokits/testkit'
import { Registry } from 'prom-client'

const client = new LokiClient({ url: 'http://localhost:3100' })
const stats: LokiStats = client.stats()
const sent: number = stats.sent
registerLokiMetrics(new Registry(), client)
// @ts-expect-error maxEntries is a number
void new LokiClient({ url: 'http://localhost:3100', maxEntries: 'many' })

const options: PinoTransportOptions = {
  url: 'http://localhost:3100', labelKeys: ['component'],
}
const stream = lokiTransport(options)
// @ts-expect-error the transport is a promise of a stream
void stream.write('line')

const transport = new LokiTransport({ url: 'http://localhost:3100' })
const closed: Promise<void> = transport.close()
const receiver: Promise<LokiReceiver> = startLokiReceiver({ port: 0 })

export { sent, stream, closed, receiver }

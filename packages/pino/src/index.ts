export {
  default, default as lokiTransport, type LokiTransportStream,
} from './transport.js'
export type { LineFormat, PinoTransportOptions } from './options.js'
export { DROP_EVENT, STATS_EVENT } from './transport-events.js'
export type { DropReport, LokiStats } from '@lokits/core'
export {
  transportStats, type TransportStats,
} from './transport-stats.js'

export { LokiTransport } from './loki-transport.js'
export type { LineFormat, LokiTransportOptions } from './options.js'
export type { WinstonInfo } from './winston-info.js'
// The core's errors and report types, so that `instanceof` checks and hook
// signatures need no direct dependency on @lokits/core.
export {
  LokiDropError,
  LokiError,
  LokiOptionsError,
  LokiPushError,
  type DropReason,
  type DropReport,
  type DroppedEntry,
  type LokiStats,
  type RetryInfo,
} from '@lokits/core'

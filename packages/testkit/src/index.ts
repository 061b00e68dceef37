export { startLokiReceiver } from './receiver.js'
export type { LokiReceiver, WaitOptions } from './receiver.js'
export type { LokiReceiverOptions } from './options.js'
export type { LokiLimits, LokiVersion } from './limits.js'
export { defaultLimits } from './limits.js'
export type { GatewayAuth } from './gateway-auth.js'
export type { FaultStep } from './faults.js'
export type { ReceivedEntry, ReceivedStream } from './received-entry.js'
export type { ReceivedRequest } from './request-log.js'
export type { ReceiverStats } from './receiver-stats.js'
export type { DiscardReason } from './discard.js'
export {
  InvalidReceiverOptionError,
  ReceiverError,
} from './errors.js'
export type { ReceiverErrorCode } from './errors.js'

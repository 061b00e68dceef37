// Everything a receiver holds, shared by its public face (receiver.ts)
// and its request handler (request-handler.ts).
import type { EntryStore } from './entry-store.js'
import type { FaultPlan } from './faults.js'
import type { LabelCache } from './label-cache.js'
import type { ResolvedReceiverOptions } from './options.js'
import type { StatsCounter } from './receiver-stats.js'
import type { RequestLog } from './request-log.js'
import type { TokenBucket } from './token-bucket.js'
import type { Waiters } from './waiters.js'

/** The mutable state of one receiver. */
export interface ReceiverState {
  readonly options: ResolvedReceiverOptions
  readonly store: EntryStore
  readonly log: RequestLog
  readonly stats: StatsCounter
  readonly faults: FaultPlan
  readonly waiters: Waiters
  /** Label strings already read, for protobuf pushes. */
  readonly labelCache: LabelCache
  rateLimit: TokenBucket | undefined
  /** Aborted by close(): ends delays and stalls. */
  readonly closing: AbortSignal
}

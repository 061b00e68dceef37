import type { EventEmitter } from 'node:events'
import type { LokiStats } from '@lokits/core'
import { STATS_EVENT } from './transport-events.js'

/** The latest stats a transport sent; see {@link transportStats}. */
export interface TransportStats {
  /** The latest stats, or undefined before the first arrived. */
  stats(): LokiStats | undefined
}

/**
 * Follows the `lokits:stats` events of a transport stream (the one
 * `pino.transport()` returns), so that the stats of a client living in
 * pino's worker thread can be read in the main thread: for example by
 * `registerLokiMetrics` from `@lokits/core/prometheus`.
 *
 * @example
 * ```js
 * const transport = pino.transport({ target: '@lokits/pino', options })
 * registerLokiMetrics(registry, transportStats(transport))
 * ```
 */
export function transportStats (transport: EventEmitter): TransportStats {
  let latest: LokiStats | undefined
  transport.on(STATS_EVENT, (stats: LokiStats) => { latest = stats })
  return { stats: () => latest }
}

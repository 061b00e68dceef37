import diagnosticsChannel from 'node:diagnostics_channel'
import { debuglog } from 'node:util'

/**
 * Named `node:diagnostics_channel` channels. Publishing is guarded by
 * `hasSubscribers`, so they cost nothing when nobody listens.
 *
 * - `lokits:push:start` `{ tenant, entries, bytes }`
 * - `lokits:push:end` `{ tenant, entries, bytes, status, durationMs }`
 * - `lokits:push:error` `{ tenant, entries, status, error, willRetry }`
 * - `lokits:retry` the `RetryInfo` given to `onRetry`
 * - `lokits:drop` `{ reason, count }`
 */
export const channels = {
  pushStart: diagnosticsChannel.channel('lokits:push:start'),
  pushEnd: diagnosticsChannel.channel('lokits:push:end'),
  pushError: diagnosticsChannel.channel('lokits:push:error'),
  retry: diagnosticsChannel.channel('lokits:retry'),
  drop: diagnosticsChannel.channel('lokits:drop'),
} as const

/** A readable trace of decisions under `NODE_DEBUG=lokits`. */
export const debug = debuglog('lokits')

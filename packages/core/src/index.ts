export { LokiClient, type PushResult } from './client.js'
export { LokiWorkerClient } from './worker-client.js'
export type { Clock } from './clock.js'
export { DEFAULT_CLOSE_TIMEOUT_MS } from './resolve-options.js'
export type { LokiEntry } from './entry.js'
export {
  DROP_REASONS,
  LokiDropError,
  LokiError,
  LokiOptionsError,
  LokiPushError,
  LokiSpoolError,
  type DropReason,
  type LokiErrorCode,
} from './errors.js'
export type {
  BasicAuth,
  DroppedEntry,
  Encoding,
  LokiClientOptions,
  Overflow,
  RetryInfo,
  RetryOptions,
  TlsOptions,
} from './options.js'
export type { LokiStats, RequestCounts } from './stats.js'
export type { SpoolFsync, SpoolOptions } from './spool/spool-options.js'
export type { SpoolStats } from './spool/spool-stats.js'
export type { TimestampInput } from './timestamp.js'
export {
  RecordFields,
  formatLogfmt,
  readPath,
  type RecordFieldOptions,
} from './record-fields.js'
export { safeJson } from './safe-json.js'
export {
  dropReportHandler,
  emitDropWarning,
  type DropReport,
} from './drop-report.js'
export {
  REQUEST_DURATION_BUCKETS_SECONDS,
  type DurationHistogram,
} from './stats.js'
export {
  resolveRecordOptions,
  type LineFormat,
  type RecordOptions,
  type RecordOptionsInput,
} from './record-options.js'

import {
  emitDropWarning, LokiOptionsError, type DropReport, type LokiClientOptions,
} from '@lokits/core'

type OnDropReport = LokiClientOptions['onDropReport']

/**
 * The client's `onDropReport`: each report is first emitted as the
 * transport's `'warn'` (winston passes it on to the logger), then given to
 * the application's `onDropReport`, or to the default process warning.
 * `false` turns both off.
 * @throws {LokiOptionsError} when `onDropReport` is neither a function nor
 * `false`: wrapped, it would no longer reach the client's own check.
 */
export function dropWarnings (
  onDropReport: OnDropReport, warn: (report: DropReport) => void,
): NonNullable<OnDropReport> {
  if (onDropReport === false) return false
  if (onDropReport !== undefined && typeof onDropReport !== 'function') {
    throw new LokiOptionsError('onDropReport', 'must be a function or false',
      onDropReport)
  }
  const report = onDropReport ?? emitDropWarning
  return (dropReport) => {
    try {
      warn(dropReport)
    } finally {
      report(dropReport)
    }
  }
}

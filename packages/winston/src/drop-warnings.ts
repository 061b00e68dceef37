import {
  dropReportHandler, type DropReport, type LokiClientOptions,
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
  const report = dropReportHandler(onDropReport)
  if (report === undefined) return false
  return (dropReport) => {
    try {
      warn(dropReport)
    } finally {
      report(dropReport)
    }
  }
}

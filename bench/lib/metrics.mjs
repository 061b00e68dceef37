// What one run measured, in the report's units. A floor delivers nothing:
// its count is what it logged and its time ends when its transport has
// closed. A Loki contender's count is what the receiver stored, and its
// time ends with the last entry stored.

export function metricsOf (run, role) {
  const floor = role === 'floor'
  const stored = run.receiver.entriesStored
  const delivered = floor ? run.logged : stored
  const endedAt = floor ? run.closedAt : run.lastStoredAt
  const durationMs = endedAt - run.startedAt
  return {
    logged: run.logged,
    delivered,
    deliveredPerSecond: delivered > 0 ? delivered / durationMs * 1000 : 0,
    cpuUsPerEntry: run.cpuMs * 1000 / delivered,
    cpuMsPer10k: run.cpuMs / delivered * 10_000,
    // A contender that loses entries spends its CPU on fewer delivered
    // ones: per logged entry is the fairer view of its cost.
    cpuUsPerLogged: run.cpuMs * 1000 / run.logged,
    syncUsPerCall: run.syncMs * 1000 / run.logged,
    delayP99Ms: run.delayP99Ms,
    maxRssMb: run.maxRssMb,
    lost: floor ? 0 : run.logged - stored,
    duplicatesRemoved: run.receiver.duplicatesRemoved,
    requests: run.receiver.requests,
    failedRequests: failed(run.receiver.requestsByStatus),
    receiverCpuMs: run.receiverCpuMs,
    receiverBusyMs: run.receiverBusyMs,
    wireBytesPerEntry: floor || run.receiver.entriesReceived === 0
      ? NaN
      : run.receiver.bodyBytesReceived / run.receiver.entriesReceived,
  }
}

export const METRIC_NAMES = [
  'logged', 'delivered', 'deliveredPerSecond', 'cpuUsPerEntry', 'cpuMsPer10k',
  'cpuUsPerLogged', 'syncUsPerCall', 'delayP99Ms', 'maxRssMb', 'lost',
  'duplicatesRemoved', 'requests', 'failedRequests', 'wireBytesPerEntry',
  'receiverCpuMs', 'receiverBusyMs',
]

// Pushes answered with anything but 2xx, or never answered (status 0).
function failed (byStatus) {
  let count = 0
  for (const [status, n] of Object.entries(byStatus)) {
    if (!status.startsWith('2')) count += n
  }
  return count
}

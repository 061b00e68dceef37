// The soak's ledger of one adapter, entry by entry: every line number
// logged is stored (once, after de-duplication) or reported dropped, and
// never both. Counts alone would let a line stored and dropped cancel out
// a line lost.

/**
 * `run`: { logged, stats, drops (per reason, from the hooks), droppedIds };
 * `stored`: { ids, twice, foreign } from the receiver's tally.
 */
export function ledger (run, stored) {
  const { stats, drops, droppedIds, logged } = run
  const storedIds = new Set(stored.ids)
  const dropped = new Set(droppedIds)
  let unaccounted = 0
  let both = 0
  for (let id = 0; id < logged; id++) {
    const isStored = storedIds.has(id)
    const isDropped = dropped.has(id)
    if (!isStored && !isDropped) unaccounted++
    if (isStored && isDropped) both++
  }
  const byReason = nonZero(stats.droppedByReason)
  return {
    logged,
    pushed: stats.pushed,
    stored: storedIds.size,
    dropped: stats.dropped,
    byReason,
    hooksAgree: sameCounts(byReason, drops) &&
      droppedIds.length === stats.dropped,
    held: stats.queuedEntries + stats.inFlightEntries + stats.waitingPushes,
    unaccounted,
    both,
    droppedTwice: droppedIds.length - dropped.size,
    storedTwice: stored.twice,
    foreign: stored.foreign + [...storedIds, ...dropped]
      .filter((id) => !(id >= 0 && id < logged)).length,
    retries: stats.retries,
  }
}

/** What is wrong with a ledger, as sentences; none when it holds. */
export function ledgerFailures (adapter, l) {
  const failures = []
  if (l.unaccounted > 0) {
    failures.push(`${adapter}: ${l.unaccounted} entries unaccounted`)
  }
  if (l.both > 0) failures.push(`${adapter}: ${l.both} stored and dropped`)
  if (l.logged !== l.stored + l.dropped - l.both) {
    failures.push(`${adapter}: logged ≠ stored + dropped`)
  }
  if (l.pushed !== l.logged) failures.push(`${adapter}: pushed ≠ logged`)
  if (l.storedTwice > 0 || l.droppedTwice > 0 || l.foreign > 0) {
    failures.push(`${adapter}: entries stored or dropped twice, or never ` +
      'logged')
  }
  if (l.held !== 0) failures.push(`${adapter}: entries still held`)
  if (!l.hooksAgree) failures.push(`${adapter}: hooks and stats disagree`)
  return failures
}

function nonZero (byReason) {
  return Object.fromEntries(Object.entries(byReason)
    .filter(([, count]) => count > 0))
}

function sameCounts (a, b) {
  const sorted = (o) => JSON.stringify(Object.entries(o).sort())
  return sorted(a) === sorted(nonZero(b))
}

// The equation every test of the suite ends with:
//   logged = stored in the receiver + dropped (by reason)
// checked entry by entry (each line carries its number): every line is
// stored once or reported dropped once, the drops by reason agree between
// stats(), onDrop and the drop reports, nothing is still held, and no
// entry is stored twice beyond Loki's own de-duplication.
import assert from 'node:assert/strict'
import { sumReports } from './drop-reports.mjs'
import { idOf as lineId } from './lines.mjs'

/**
 * Entries stored by one receiver, or by several that took turns on one
 * port (a restart), de-duplicated as Loki would across them: one entry per
 * (tenant, stream, timestamp, line).
 */
export function storedEntries (...receivers) {
  const seen = new Map()
  for (const receiver of receivers) {
    for (const entry of receiver.entries()) {
      const key = [entry.tenant, entry.stream, entry.timestamp, entry.line]
        .join('\u0000')
      if (!seen.has(key)) seen.set(key, entry)
    }
  }
  return [...seen.values()]
}

/** The counts of `droppedByReason` that are not zero. */
export function nonZero (byReason) {
  return Object.fromEntries(
    Object.entries(byReason).filter(([, count]) => count > 0))
}

/**
 * Asserts the ledger of a run that logged lines 0 to `logged - 1`, entry
 * by entry: `stats` is the logger's final `stats()`, `drops` the count per
 * reason `onDrop` reported, `droppedIds` the line numbers it reported,
 * `reports` (when given) the drop reports, `stored` the receiver's
 * entries. Every line is stored once or reported dropped once, never
 * both, except the lines of `alsoStored`: those the documented outcome
 * allows to be stored and reported (a 400 left unresolved). `idOf` reads
 * a stored entry's line number. Returns the stored line numbers.
 */
export function assertLedger ({
  logged, stats, drops, droppedIds, reports, stored,
  alsoStored = new Set(), idOf = (entry) => lineId(entry.line),
}) {
  const ids = stored.map(idOf)
  const distinct = new Set(ids)
  assert.equal(distinct.size, ids.length, 'an entry was stored twice')
  for (const id of distinct) {
    assert.ok(id >= 0 && id < logged, `a stored line was never logged: ${id}`)
  }

  assert.equal(stats.pushed, logged, 'every log call reached the client')
  assert.equal(stats.queuedEntries + stats.inFlightEntries +
    stats.waitingPushes, 0, 'nothing is still held')
  assert.deepEqual(nonZero(stats.droppedByReason), drops,
    'stats() and onDrop agree on the drops by reason')
  if (reports !== undefined) {
    assert.deepEqual(sumReports(reports), drops,
      'the drop reports and onDrop agree on the drops by reason')
  }

  assert.equal(droppedIds.length, stats.dropped,
    'onDrop named every dropped entry')
  const dropped = new Set(droppedIds)
  assert.equal(dropped.size, droppedIds.length,
    'an entry was reported dropped twice')
  for (let id = 0; id < logged; id++) {
    const both = distinct.has(id) && dropped.has(id)
    assert.ok(distinct.has(id) || dropped.has(id),
      `line ${id} is neither stored nor dropped`)
    assert.equal(both, alsoStored.has(id), both
      ? `line ${id} was stored and dropped`
      : `line ${id} was expected stored and dropped`)
  }
  assert.equal(stored.length + stats.dropped - alsoStored.size, logged,
    `logged (${logged}) = stored (${stored.length}) + dropped ` +
    `(${JSON.stringify(drops)})` +
    (alsoStored.size === 0 ? '' : ` - both (${alsoStored.size})`))
  return distinct
}

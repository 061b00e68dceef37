// The equation every test of the suite ends with:
//   logged = stored in the receiver + dropped (by reason)
// with the drops by reason agreeing between stats() and the hooks, nothing
// still held, and no entry stored twice beyond Loki's own de-duplication.
import assert from 'node:assert/strict'
import { idOf } from './lines.mjs'

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
 * Asserts the ledger of a run that logged lines 0 to `logged - 1`:
 * `stats` is the logger's final `stats()`, `drops` the count per reason
 * its hooks reported, `droppedIds` (when known) the line numbers onDrop
 * saw, `stored` the receiver's entries. Returns the stored line numbers.
 */
export function assertLedger ({ logged, stats, drops, droppedIds, stored }) {
  const ids = stored.map((entry) => idOf(entry.line))
  const distinct = new Set(ids)
  assert.equal(distinct.size, ids.length, 'an entry was stored twice')
  for (const id of distinct) {
    assert.ok(id >= 0 && id < logged, `a stored line was never logged: ${id}`)
  }

  assert.equal(stats.pushed, logged, 'every log call reached the client')
  assert.equal(stats.queuedEntries + stats.inFlightEntries +
    stats.waitingPushes, 0, 'nothing is still held')
  assert.deepEqual(nonZero(stats.droppedByReason), drops,
    'stats() and the hooks agree on the drops by reason')
  assert.equal(stored.length + stats.dropped, logged,
    `logged (${logged}) = stored (${stored.length}) + dropped ` +
    `(${JSON.stringify(drops)})`)

  if (droppedIds !== undefined) {
    assert.equal(new Set(droppedIds).size, droppedIds.length,
      'an entry was reported dropped twice')
    for (const id of droppedIds) {
      assert.ok(!distinct.has(id), `line ${id} was stored and dropped`)
    }
  }
  return distinct
}

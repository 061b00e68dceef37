// A 400 for part of a batch: Loki stores the valid entries and refuses
// the rest without saying which. By default the client finds every
// refused entry; with a small `retry.maxRejectedProbes` it may stop
// before, and then it reports the unresolved entries `rejected` together
// although Loki stored their valid part: those, and only those, are both
// stored and reported.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { COUNT, RETRY } from './fault-cases.mjs'
import { assertLedger, storedEntries } from './ledger.mjs'
import { idOf } from './lines.mjs'
import { startLogger } from './loggers.mjs'
import { receiverFor } from './servers.mjs'

// A line this long is over the receiver's limit below.
const LONG_BYTES = 2000

/** Logs lines 0 to COUNT - 1, those for which `isLong(id)` too long. */
async function logMixed (logger, isLong) {
  let from = 0
  for (let id = 1; id <= COUNT; id++) {
    if (id < COUNT && isLong(id) === isLong(from)) continue
    await logger.log(from, id - from, isLong(from) ? LONG_BYTES : 0)
    from = id
  }
}

async function arrange (t, kind, isLong, retry = {}) {
  const receiver = await receiverFor(t, { limits: { maxLineSize: 1000 } })
  const logger = await startLogger(t, kind, { url: receiver.url,
    maxWaitMs: 60_000, retry: { ...RETRY, ...retry } })
  await logMixed(logger, isLong)
  await logger.flush()
  return { receiver, run: await logger.end() }
}

const ids = (count, keep) =>
  Array.from({ length: count }, (_, i) => i).filter(keep)
const storedIds = (receiver) =>
  storedEntries(receiver).map((entry) => idOf(entry.line))
    .sort((a, b) => a - b)

/** Defines the partial 400 tests for one logger kind. */
export function partialRejection (kind) {
  const refusals = {
    'some lines over Loki\'s limit': (id) => id % 25 === 7,
    'half the lines over Loki\'s limit': (id) =>
      Math.floor(id / 10) % 2 === 1,
  }
  for (const [what, isLong] of Object.entries(refusals)) {
    test(`${kind}: a partial 400 (${what}): by default the refused ` +
      'entries are found and dropped as rejected, exactly', async (t) => {
      const { receiver, run } = await arrange(t, kind, isLong)

      assert.deepEqual(storedIds(receiver), ids(COUNT, (id) => !isLong(id)))
      assertLedger({ logged: COUNT, ...run, stored: storedEntries(receiver) })
      assert.deepEqual(run.drops, { rejected: ids(COUNT, isLong).length })
      for (const { ids: group } of run.dropGroups) {
        assert.equal(group.length, 1, 'each refused entry dropped alone')
      }
    })
  }

  test(`${kind}: a 400 with more refused entries than a bounded ` +
    'retry.maxRejectedProbes allows: every entry is stored or reported, ' +
    'and only the entries it left unresolved are both', async (t) => {
    const isLong = refusals['half the lines over Loki\'s limit']
    const { receiver, run } = await arrange(t, kind, isLong,
      { maxRejectedProbes: 16 })

    // Loki stores the valid entries of every 400, probe or not.
    assert.deepEqual(storedIds(receiver), ids(COUNT, (id) => !isLong(id)))
    assert.deepEqual(Object.keys(run.drops), ['rejected'])
    // A refused entry found alone is dropped alone; a group of several is
    // what the probes left unresolved, dropped together.
    const unresolved = run.dropGroups.filter((g) => g.ids.length > 1)
    assert.ok(unresolved.length > 0, 'the bound was reached')
    for (const { ids: group } of run.dropGroups) {
      if (group.length === 1) assert.ok(isLong(group[0]), 'found alone')
    }
    const alsoStored = new Set(unresolved.flatMap((g) => g.ids)
      .filter((id) => !isLong(id)))
    assertLedger({ logged: COUNT, ...run, stored: storedEntries(receiver),
      alsoStored })
  })
}

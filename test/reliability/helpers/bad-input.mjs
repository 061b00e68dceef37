// The bad-input matrix: each case of bad-input-cases.mjs logged between
// two plain lines of the same batch. Each ends in a fixed entry, checked
// as Loki stores it, or in a counted drop; the lines around it are
// delivered, and the ledger holds.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CASES } from './bad-input-cases.mjs'
import { assertLedger, storedEntries } from './ledger.mjs'
import { idOf } from './lines.mjs'
import { startLogger } from './loggers.mjs'
import { optionErrors } from './option-errors.mjs'
import { receiverFor } from './servers.mjs'

/** The case's record as each logger takes it. */
function fieldsFor (kind, fields, options, time) {
  if (kind === 'core') return coreEntry(fields, options, time)
  const record = { ...fields }
  if (record.$circular === true && kind === 'winston') {
    record.$circular = record
  }
  if (time === undefined) return record
  if (kind === 'winston') return { ...record, timestamp: time.value }
  // pino's records cross to its child as JSON; the time as the text its
  // time function writes after "time":.
  return { ...record, $time: pinoTimeText(time.value) }
}

function pinoTimeText (value) {
  if (typeof value === 'bigint') return JSON.stringify(String(value))
  return typeof value === 'number' ? String(value) : JSON.stringify(value)
}

function coreEntry (fields, options, time) {
  const pick = (keys = []) => Object.fromEntries(keys.map((key) =>
    [key, key.split('.').reduce((value, step) => value?.[step], fields)]))
  const entry = { labels: pick(options.labelKeys),
    structuredMetadata: pick(options.metadataKeys) }
  if (fields.$circular === true) {
    entry.structuredMetadata.$circular = entry.structuredMetadata
  }
  if (fields.padding !== undefined) entry.line = `entry #1# ${fields.padding}`
  if (fields.$msg !== undefined) entry.line = fields.$msg
  if (time !== undefined) entry.timestamp = time.value
  return entry
}

/** A case's time as `{ value, ns? }`, read now; undefined for none. */
function readTime (time) {
  if (time === undefined) return undefined
  const value = time()
  return value !== null && typeof value === 'object' && 'ns' in value
    ? value
    : { value }
}

// The case's line is the one line that may carry no number (an empty
// one): any other stored line does.
const entryId = (entry) => entry.line === '' ? 1 : idOf(entry.line)

/** Defines the bad-input tests for one logger kind. */
export function badInputMatrix (kind) {
  for (const [tried, options, fields, time, expected, check] of CASES) {
    test(`${kind}: ${tried}: ` + (expected === 'kept'
      ? 'kept'
      : `dropped as ${expected}`) + ', and the batch goes on', async (t) => {
      const receiver = await receiverFor(t)
      const logger = await startLogger(t, kind,
        { url: receiver.url, maxWaitMs: 60_000, ...options })

      const fromNs = BigInt(Date.now()) * 1_000_000n
      await logger.log(0, 1)
      const caseTime = readTime(time)
      await logger.record(1, fieldsFor(kind, fields, options, caseTime))
      await logger.log(2, 1)
      await logger.flush()
      const run = await logger.end()
      const window = { fromNs, toNs: BigInt(Date.now() + 1) * 1_000_000n }

      const stored = storedEntries(receiver)
      const ids = assertLedger({ logged: 3, ...run, stored, idOf: entryId })
      assert.ok(ids.has(0) && ids.has(2), 'the lines around it delivered')
      assert.deepEqual(run.drops,
        expected === 'kept' ? {} : { [expected]: 1 })
      assert.deepEqual(run.droppedIds, expected === 'kept' ? [] : [1])
      const entry = stored.find((e) => entryId(e) === 1)
      if (expected === 'kept') {
        assert.ok(entry !== undefined, 'the case was stored')
        check?.({ entry, run, window, kind, time: caseTime })
      }
    })
  }

  optionErrors(kind)
}

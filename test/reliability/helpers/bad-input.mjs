// The bad-input matrix: record fields Loki would refuse or that could
// break a batch, each logged between two plain lines of the same batch.
// Each case ends in a fixed entry or a counted drop, the lines around it
// are delivered, and the ledger holds.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { startLokiReceiver } from '@lokits/testkit'
import { assertLedger, storedEntries } from './ledger.mjs'
import { startLogger } from './loggers.mjs'

const DAY_MS = 24 * 3600 * 1000
const many = (count) => Object.fromEntries(
  Array.from({ length: count }, (_, i) => [`l${i}`, 'v']))

// [what is tried, options, the record's fields (labels and metadata
//  promoted from them), its time, 'kept' or the drop reason]
// Times are functions: read when the case runs, not when it is defined.
const CASES = [
  ['label names with dots, dashes, colons, unicode, leading digits and ' +
    'a __ prefix',
  { labelKeys: ['svc.name', 'svc-id', 'k:v', 'ünï', '9lives', '__x'] },
  { svc: { name: 'a' }, 'svc-id': 'b', 'k:v': 'c', ünï: 'd', '9lives': 'e',
    __x: 'f' }, undefined, 'kept'],
  ['label values with quotes, backslashes, newlines and a lone surrogate',
    { labelKeys: ['a', 'b', 'c', 'd'] },
    { a: 'say "hi"', b: 'C:\\path\\', c: 'two\nlines', d: 'lone \ud800' },
    undefined, 'kept'],
  ['a 10 KB label value', { labelKeys: ['big'] },
    { big: 'v'.repeat(10_000) }, undefined, 'kept'],
  ['numbers, booleans, null and objects as label and metadata values',
    { labelKeys: ['n', 'b', 'z', 'o'], metadataKeys: ['n', 'b', 'z', 'o'] },
    { n: 42, b: true, z: null, o: { a: 1 } }, undefined, 'kept'],
  ['more labels than Loki allows', { labelKeys: Object.keys(many(20)) },
    many(20), undefined, 'invalid'],
  ['a 10 KB metadata value with a lone surrogate', { metadataKeys: ['m'] },
    { m: 'm'.repeat(10_000) + '\udc00' }, undefined, 'kept'],
  // The line is cut to maxLineBytes: its number must come first.
  ['a line of 1 MB', {}, { padding: '#1# ' + 'y'.repeat(1024 * 1024) },
    undefined, 'kept'],
  ['a time that is not a number', {}, {}, () => 'not a time', 'kept'],
  ['a negative time', {}, {}, () => -1, 'kept'],
  ['a time 8 days old', {}, {}, () => Date.now() - 8 * DAY_MS,
    'timestamp_too_old'],
  ['a time a day in the future', {}, {}, () => Date.now() + DAY_MS,
    'timestamp_too_new'],
  ['an ISO time with an offset', {}, {},
    () => new Date().toISOString().replace('Z', '+00:00'), 'kept'],
  ['a time in nanoseconds, as a bigint or a string', {}, {},
    () => BigInt(Date.now()) * 1_000_000n + 123n, 'kept'],
  ['a circular object in the record', { metadataKeys: ['$circular'] },
    { $circular: true }, undefined, 'kept'],
]

/** The case's record as each logger takes it. */
function fieldsFor (kind, fields, options, time) {
  if (kind === 'core') return coreEntry(fields, options, time)
  const record = { ...fields }
  if (record.$circular === true) record.$circular = record
  if (time === undefined) return kind === 'pino' ? fields : record
  const value = time()
  if (kind === 'winston') return { ...record, timestamp: value }
  // pino's records cross to its child as JSON: a bigint as its digits.
  return { ...fields,
    $time: typeof value === 'bigint' ? String(value) : value }
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
  if (time !== undefined) entry.timestamp = time()
  return entry
}

/** Defines the bad-input tests for one logger kind. */
export function badInputMatrix (kind) {
  for (const [tried, options, fields, time, expected] of CASES) {
    test(`${kind}: ${tried}: ` + (expected === 'kept'
      ? 'fixed and delivered'
      : `dropped as ${expected}`) + ', and the batch goes on', async (t) => {
      const receiver = await startLokiReceiver()
      t.after(() => receiver.close())
      const logger = await startLogger(t, kind,
        { url: receiver.url, maxWaitMs: 60_000, ...options })

      await logger.log(0, 1)
      await logger.record(1, fieldsFor(kind, fields, options, time))
      await logger.log(2, 1)
      await logger.flush()
      const run = await logger.end()

      const ids = assertLedger({ logged: 3, ...run,
        stored: storedEntries(receiver) })
      assert.ok(ids.has(0) && ids.has(2), 'the lines around it delivered')
      assert.deepEqual(run.drops,
        expected === 'kept' ? {} : { [expected]: 1 })
    })
  }

  test(`${kind}: wrong option types and malformed URLs throw a typed ` +
    'error naming the option (from pino\'s worker: on its cause)', async (t) => {
    for (const [option, options] of Object.entries(BAD_OPTIONS)) {
      // The core client has no records, so no fields to promote.
      if (kind === 'core' && option === 'labelKeys') continue
      const error = await optionError(t, kind, options)
      assert.match(error.message, new RegExp(`option "${option}"`))
      // From pino's worker the error crosses threads as a structured
      // clone, which keeps message, stack and cause, and no other field.
      const typed = kind === 'pino' ? error.cause : error
      assert.equal(typed.code, 'LOKI_INVALID_OPTION', option)
      assert.equal(typed.option, option)
    }
  })
}

const BAD_OPTIONS = {
  url: { url: 'loki:3100' },
  maxBytes: { url: 'http://127.0.0.1:3100', maxBytes: '1mb' },
  overflow: { url: 'http://127.0.0.1:3100', overflow: 'sometimes' },
  'retry.maxAttempts': { url: 'http://127.0.0.1:3100',
    retry: { maxAttempts: -1 } },
  labelKeys: { url: 'http://127.0.0.1:3100', labelKeys: 'component' },
}

const PINO_APP = fileURLToPath(
  new URL('../fixtures/pino-logger.mjs', import.meta.url))

/** The error a logger of `kind` gives for `options`, however it gives it. */
async function optionError (t, kind, options) {
  if (kind !== 'pino') {
    try {
      await startLogger(t, kind, options)
    } catch (error) {
      return error
    }
    throw new Error(`no error for ${JSON.stringify(options)}`)
  }
  // In pino's worker the error reaches the app as the stream's 'error'.
  const child = spawn(process.execPath, [PINO_APP, JSON.stringify({ options })])
  t.after(() => child.kill('SIGKILL'))
  const lines = createInterface({ input: child.stdout })
  const [line] = await once(lines, 'line')
  assert.match(line, /^error /)
  return JSON.parse(line.slice('error '.length))
}


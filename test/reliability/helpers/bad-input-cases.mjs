// Record fields Loki would refuse or that could break a batch, with what
// lokits makes of each: the fixed entry as Loki stores it, or the drop.
import assert from 'node:assert/strict'

const DAY_MS = 24 * 3600 * 1000
const many = (count) => Object.fromEntries(
  Array.from({ length: count }, (_, i) => [`l${i}`, 'v']))
// The client's default limits (Loki's): label values and lines.
const MAX_LABEL_VALUE_BYTES = 2048
const MAX_LINE_BYTES = 256 * 1024
const TRUNCATED = '…[truncated]'
// +05:30 is India's offset: ahead of UTC by 19 800 s.
const IST_OFFSET_S = 5 * 3600 + 30 * 60

/** Asserts that `entry` carries `expected` among its labels, exactly. */
const labels = (expected) => ({ entry }) => {
  for (const [name, value] of Object.entries(expected)) {
    assert.equal(entry.labels[name], value, `label ${name}`)
  }
}

/** Runs each check in turn. */
const all = (...checks) => (stored) => {
  for (const check of checks) check(stored)
}

/**
 * Asserts `stats().fixed`: `expected` counts, every other kind of fix 0.
 * Renaming a label (sanitizing) and replacing a lone surrogate are not
 * counted as fixes; cutting a value, a line or metadata is.
 */
const fixed = (expected = {}) => ({ run }) =>
  assert.deepEqual(run.stats.fixed, { timestamps: 0, lines: 0,
    labelSets: 0, metadata: 0, ...expected })

/** Asserts the stored timestamp: the case's time to the nanosecond. */
const storedExactly = all(fixed(), ({ entry, time }) =>
  assert.equal(entry.timestamp, time.ns))

/** A time whose stored form is known: `ns`, nanoseconds as digits. */
const exactly = (value, ns) => ({ value, ns })

/**
 * Asserts that an unreadable time became the time of the log call,
 * counted as a fix (`counted` false: nothing was read to be fixed).
 */
const capturedAt = (counted = true) => all(({ entry, window }) => {
  const ns = BigInt(entry.timestamp)
  assert.ok(ns >= window.fromNs && ns <= window.toNs,
    `${entry.timestamp} is the time of the log call`)
}, fixed({ timestamps: counted ? 1 : 0 }))

/**
 * A minute back (in Loki's window, behind the lines around it on purpose)
 * and .123456789, written at +05:30.
 */
function atIndiaTime () {
  const seconds = Math.floor(Date.now() / 1000) - 60
  const wall = new Date((seconds + IST_OFFSET_S) * 1000)
  return exactly(wall.toISOString().slice(0, 19) + '.123456789+05:30',
    `${seconds}123456789`)
}

/** A minute back, in nanoseconds with sub-millisecond digits. */
function bigintTime () {
  const ns = BigInt(Date.now() - 60_000) * 1_000_000n + 654_321n
  return exactly(ns, String(ns))
}

/**
 * [what is tried, options, the record's fields (labels and metadata
 *  promoted from them; `$msg` replaces the message), its time (a
 *  function, read when the case runs; `exactly()` for a known stored
 *  form), 'kept' or the drop reason, what the stored entry must show
 *  ({ entry, run, window, kind, time })]
 */
export const CASES = [
  ['label names with dots, dashes, colons, unicode, leading digits and ' +
    '__ prefixes: each other character becomes _, a leading digit gets a ' +
    '_ before it, and a run of leading _ becomes one',
  { labelKeys: ['svc.name', 'svc-id', 'k:v', 'ünï', '9lives', '__x',
    '___y'] },
  { svc: { name: 'a' }, 'svc-id': 'b', 'k:v': 'c', ünï: 'd', '9lives': 'e',
    __x: 'f', ___y: 'g' }, undefined, 'kept',
  all(labels({ svc_name: 'a', svc_id: 'b', k_v: 'c', _n_: 'd', _9lives: 'e',
    _x: 'f', _y: 'g' }), fixed())],
  ['label values with quotes, backslashes and newlines stored as given, ' +
    'a lone surrogate replaced by U+FFFD', { labelKeys: ['a', 'b', 'c', 'd'] },
  { a: 'say "hi"', b: 'C:\\path\\', c: 'two\nlines', d: 'lone \ud800' },
  undefined, 'kept',
  all(labels({ a: 'say "hi"', b: 'C:\\path\\', c: 'two\nlines',
    d: 'lone \ufffd' }), fixed())],
  ['a 10 KB label value cut to Loki\'s 2048 bytes', { labelKeys: ['big'] },
    { big: 'v'.repeat(10_000) }, undefined, 'kept',
    all(labels({ big: 'v'.repeat(MAX_LABEL_VALUE_BYTES) }),
      fixed({ labelSets: 1 }))],
  ['numbers and booleans as label and metadata values stringified, null ' +
    'left out, objects as JSON',
  { labelKeys: ['n', 'b', 'z', 'o'], metadataKeys: ['n', 'b', 'z', 'o'] },
  { n: 42, b: true, z: null, o: { a: 1 } }, undefined, 'kept', all(
    labels({ n: '42', b: 'true', o: '{"a":1}', z: undefined }),
    ({ entry }) => assert.deepEqual(entry.structuredMetadata,
      { n: '42', b: 'true', o: '{"a":1}' }),
    fixed())],
  ['more labels than Loki allows', { labelKeys: Object.keys(many(20)) },
    many(20), undefined, 'invalid'],
  ['a 10 KB metadata value with a lone surrogate: whole, the surrogate ' +
    'replaced', { metadataKeys: ['m'] }, { m: 'm'.repeat(10_000) + '\udc00' },
  undefined, 'kept', all(({ entry }) => assert.equal(
    entry.structuredMetadata.m, 'm'.repeat(10_000) + '\ufffd'), fixed())],
  // The line's number must come before the cut.
  ['a line of 1 MB cut to maxLineBytes (256 KiB) with a marker', {},
    { padding: '#1# ' + 'y'.repeat(1024 * 1024) }, undefined, 'kept',
    all(({ entry }) => {
      assert.equal(Buffer.byteLength(entry.line), MAX_LINE_BYTES)
      assert.ok(entry.line.endsWith('y' + TRUNCATED))
    }, fixed({ lines: 1 }))],
  ['a line of 0 bytes, stored as an empty line', { lineFormat: 'message' },
    { $msg: '' }, undefined, 'kept',
    all(({ entry }) => assert.equal(entry.line, ''), fixed())],
  ['a time that is not a time (a string)', {}, {}, () => 'not a time',
    'kept', capturedAt()],
  ['a time that is NaN', {}, {}, () => Number.NaN, 'kept', (stored) => {
    if (stored.kind !== 'pino') return capturedAt()(stored)
    // pino's serializers write NaN as null; only a time function can
    // write "time":NaN, and a line with it is not JSON: it ships as it
    // came, not read as a record (no level label), so there is no time in
    // it to fix.
    capturedAt(false)(stored)
    assert.match(stored.entry.line, /^\{"level":30,"time":NaN,/)
    assert.equal(stored.entry.labels.level, undefined)
  }],
  ['a negative time', {}, {}, () => -1, 'kept', capturedAt()],
  ['a time 8 days old', {}, {}, () => Date.now() - 8 * DAY_MS,
    'timestamp_too_old'],
  ['a time a day in the future', {}, {}, () => Date.now() + DAY_MS,
    'timestamp_too_new'],
  ['a time in the year 3000', {}, {}, () => Date.UTC(3000, 0, 1),
    'timestamp_too_new'],
  // pino's adapter reads a number this large as microseconds: the year
  // 2255, too new all the same.
  ['a time of Number.MAX_SAFE_INTEGER', {}, {},
    () => Number.MAX_SAFE_INTEGER, 'timestamp_too_new'],
  ['an ISO time at +05:30 with nanoseconds, stored at that instant to ' +
    'the nanosecond', {}, {}, atIndiaTime, 'kept', storedExactly],
  // For pino, the bigint reaches the record through a time function that
  // writes its digits in a string: a JSON number could not hold them.
  ['a time in nanoseconds as a bigint, sub-millisecond digits kept', {}, {},
    bigintTime, 'kept', storedExactly],
  ['a circular object in the record: written as JSON, the cycle marked',
    { metadataKeys: ['$circular'] }, { $circular: true }, undefined, 'kept',
    all(({ entry }) => assert.equal(entry.structuredMetadata._circular,
      '{"$circular":"[Circular]"}'), fixed())],
]

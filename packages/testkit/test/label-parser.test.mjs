// The label-string parser and Go quoting, tested directly on the built
// modules: they carry Loki's rules for every stream the receiver sees.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { quoteGoString, readGoString } from '../dist/esm/go-string.js'
import { parseLabelString } from '../dist/esm/label-parser.js'
import { formatLabels, normalizeLabels } from '../dist/esm/label-set.js'

const parse = (text) => parseLabelString(text)
const values = (text) => parse(text).map((pair) => pair.value)

test('parseLabelString() reads Go escapes in values', () => {
  assert.deepEqual(values(String.raw`{a="q\"b\\n\nt\tr\r"}`),
    ['q"b\\n\nt\tr\r'])
  assert.deepEqual(values(String.raw`{a="\u00e9\xc3\xa9\U0001F600\101"}`),
    ['éé\u{1F600}A'])
  assert.deepEqual(values(String.raw`{a="\a\b\f\v"}`), ['\x07\b\f\v'])
  assert.deepEqual(values('{a="日本 ✓"}'), ['日本 ✓'])
  assert.deepEqual(values('{a=`raw \\n`}'), ['raw \\n'])
})

test('parseLabelString() allows spaces and a trailing comma', () => {
  assert.deepEqual(parse(' { a = "1" ,b="2", } '),
    [{ name: 'a', value: '1' }, { name: 'b', value: '2' }])
  assert.deepEqual(parse('{}'), [])
})

test('parseLabelString() refuses malformed strings', () => {
  const bad = [
    '', 'a="1"', '{a="1"', '{a="1"}x', '{a=1}', '{a="1" b="2"}', '{,}',
    '{a-b="1"}', '{a.b="1"}', '{1a="1"}', '{a="unterminated}',
    '{a="new\nline"}', '{a="\\q"}', '{a="\\x4"}', '{a="\\400"}',
    '{a="\\ud800"}', '{a="\\U00110000"}', '{a="\\xff"}',
  ]
  for (const text of bad) {
    assert.throws(() => parse(text), { name: 'LabelParseError' },
      JSON.stringify(text))
  }
})

test('normalizeLabels() refuses reserved and duplicate names', () => {
  const pairs = (names) => names.map((name) => ({ name, value: 'v' }))
  assert.throws(() => normalizeLabels(pairs(['__name__']), 3, 's'),
    { message: "Error parsing labels 's' with error: label name " +
      "'__name__' is reserved" })
  assert.throws(() => normalizeLabels(pairs(['a', 'a']), 3, 's'),
    /duplicate label name 'a'/)
  assert.deepEqual(normalizeLabels(pairs(['_a', 'B', 'a']), 3, 's')
    .map((p) => p.name), ['B', '_a', 'a'])
})

test('quoteGoString() escapes as strconv.Quote does', () => {
  assert.equal(quoteGoString('a"b\\c\n\t'), '"a\\"b\\\\c\\n\\t"')
  assert.equal(quoteGoString('\x01\x7f'), '"\\x01\\x7f"')
  assert.equal(quoteGoString('\u00a0\u200b'), '"\\u00a0\\u200b"')
  assert.equal(quoteGoString('é✓😀'), '"é✓😀"')
  assert.equal(quoteGoString('\ud800'), '"\\ufffd"')
})

test('readGoString() reads back whatever quoteGoString() writes', () => {
  fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (value) => {
    const quoted = quoteGoString(value)
    assert.deepEqual(readGoString(quoted, 0),
      { value, next: quoted.length })
  }))
})

test('formatLabels() and parseLabelString() round-trip any label set',
  () => {
    const name = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,8}$/)
    const labels = fc.dictionary(name, fc.string({ unit: 'grapheme',
      minLength: 1 }), { minKeys: 1 })
    fc.assert(fc.property(labels, (record) => {
      const pairs = Object.entries(record)
        .map(([n, value]) => ({ name: n, value }))
        .sort((a, b) => (a.name < b.name ? -1 : 1))
      assert.deepEqual(parse(formatLabels(pairs)), pairs)
    }))
  })

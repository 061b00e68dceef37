import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { StreamResolver } from '../dist/esm/stream-labels.js'
import {
  parseLabelString,
} from '../../testkit/dist/esm/label-parser.js'
import { clientAndReceiver } from './helpers/setup.mjs'

const LIMITS = { maxLabels: 15, maxLabelNameBytes: 1024,
  maxLabelValueBytes: 2048 }

function parsed (key) {
  return Object.fromEntries(
    parseLabelString(key).map((pair) => [pair.name, pair.value]))
}

test('any string as a label value yields a label string Loki parses, ' +
  'value intact', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }),
    (value) => {
      fc.pre(value !== '')
      const stream = new StreamResolver({}, LIMITS).resolve({ v: value })
      // Loki cannot store a lone surrogate; the well-formed form is kept.
      assert.deepEqual(parsed(stream.key), { v: value.toWellFormed() })
    }), { numRuns: 2000 })
})

test('any object key as a label name yields a valid label name', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ minLength: 1, maxLength: 20 }), (name, value) => {
      const stream = new StreamResolver({}, LIMITS).resolve({ [name]: value })
      const labels = parsed(stream.key)
      assert.equal(Object.keys(labels).length, 1)
      assert.deepEqual(Object.values(labels), [value])
    }), { numRuns: 2000 })
})

test('label names are sanitized the way Loki needs', () => {
  const resolver = new StreamResolver({}, LIMITS)
  const cases = {
    'service.name': 'service_name',
    'k8s-pod': 'k8s_pod',
    'a:b': 'a_b',
    '1st': '_1st',
    __name__: '_name__',
    ünï: '_n_',
    '': '_',
  }
  for (const [name, expected] of Object.entries(cases)) {
    assert.deepEqual(Object.keys(parsed(resolver.resolve({ [name]: 'x' }).key)),
      [expected], name)
  }
})

test('values become strings; empty and missing values are left out', () => {
  const stream = new StreamResolver({ app: 'a' }, LIMITS).resolve({
    n: 1, b: false, big: 10n, nil: null, undef: undefined, empty: '',
    obj: { a: 1 },
  })
  assert.deepEqual(parsed(stream.key),
    { app: 'a', n: '1', b: 'false', big: '10', obj: '{"a":1}' })
})

test('a stream without labels gets service_name like Loki 3', () => {
  assert.equal(new StreamResolver({}, LIMITS).resolve(undefined).key,
    '{service_name="unknown_service"}')
})

test('too many labels make no stream; long values are cut', () => {
  const resolver = new StreamResolver({}, LIMITS)
  const many = Object.fromEntries(
    Array.from({ length: 16 }, (_, i) => [`l${i}`, 'x']))
  assert.equal(resolver.resolve(many), undefined)
  const long = resolver.resolve({ v: 'é'.repeat(5000) })
  assert.equal(Buffer.byteLength(parsed(long.key).v), 2048)
  assert.equal(resolver.fixedLabelSets, 1)
})

test('labels from the property test reach the receiver intact', async (t) => {
  const { client, receiver } = await clientAndReceiver(t, { labels: {} })
  const samples = fc.sample(fc.tuple(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 60 })), 200)
  for (const [name, value] of samples) {
    client.push({ line: 'x', labels: { [name]: value } })
  }
  await client.flush()
  assert.equal(receiver.entries().length, samples.length)
  // A batch groups entries by stream, so compare without order.
  const values = receiver.entries()
    .map((e) => Object.values(e.labels)[0]).sort()
  assert.deepEqual(values, samples.map(([, v]) => v.toWellFormed()).sort())
  assert.equal(client.stats().dropped, 0)
})

test('a frozen labels object keeps its stream; labels that can change ' +
  'are read again at every entry', () => {
  const resolver = new StreamResolver({}, LIMITS)
  const frozen = Object.freeze({ level: 'info' })
  const first = resolver.resolve(frozen)
  assert.equal(resolver.resolve(frozen), first)
  assert.equal(resolver.resolve({ level: 'info' }), first)

  const mutable = { level: 'info' }
  assert.equal(resolver.resolve(mutable), first)
  mutable.level = 'warn'
  assert.deepEqual(parsed(resolver.resolve(mutable).key), { level: 'warn' })

  let calls = 0
  const getter = Object.freeze({ get level () { return `l${++calls}` } })
  const before = resolver.resolve(getter)
  assert.notEqual(resolver.resolve(getter), before)
})

test('frozen labels objects used in turn each keep their own stream', () => {
  const resolver = new StreamResolver({}, LIMITS)
  const info = Object.freeze({ level: 'info' })
  const warn = Object.freeze({ level: 'warn' })
  const streams = [info, warn, warn, info, warn, info, info]
    .map((labels) => parsed(resolver.resolve(labels).key).level)
  assert.deepEqual(streams,
    ['info', 'warn', 'warn', 'info', 'warn', 'info', 'info'])
})

test('a frozen labels object shares its stream\'s timestamp history after ' +
  'the label cache starts over', () => {
  const resolver = new StreamResolver({}, LIMITS)
  const frozen = Object.freeze({ level: 'info' })
  resolver.resolve(frozen)
  // Enough other label sets to make the cache start over.
  for (let i = 0; i < 5000; i++) resolver.resolve({ shard: `s${i}` })
  assert.equal(resolver.resolve(frozen), resolver.resolve({ level: 'info' }))
})

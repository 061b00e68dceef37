import assert from 'node:assert/strict'
import { test } from 'node:test'
import { readRecordHead } from '../dist/esm/record-head.js'

function head (text) {
  const into = { level: 'unset', time: 'unset' }
  return readRecordHead(text, into) ? into : false
}

test('readRecordHead() reads the level and time pino writes first', () => {
  assert.deepEqual(head('{"level":30,"time":1700000000123,"msg":"a"}'),
    { level: 30, time: 1700000000123 })
  assert.deepEqual(head('{"level":"info","time":"2026-01-01T00:00:00Z"}'),
    { level: 'info', time: '2026-01-01T00:00:00Z' })
  assert.deepEqual(head('{"level":30,"time":1700000000.5}'),
    { level: 30, time: 1700000000.5 })
  assert.deepEqual(head('{"level":30,"pid":1}'),
    { level: 30, time: undefined })
  assert.deepEqual(head('{"level":30}'), { level: 30, time: undefined })
})

test('readRecordHead() leaves any other start to JSON.parse', () => {
  const others = [
    '{"severity":"INFO","time":1}',
    '{"level":"in\\"fo","time":1}',
    '{"level":30,"time":"2026\\u002d01"}',
    '{"level":3e1,"time":1}',
    '{"level":30,"time":-1}',
    '{"level":30,"time":1',
    '{"level":,"time":1}',
    '{"level":30 ,"time":1}',
    '{ "level":30}',
  ]
  for (const text of others) assert.equal(head(text), false, text)
})

test('readRecordHead() reads numbers as JSON.parse does, however long',
  () => {
    const numbers = ['0', '7', '10', '60', '1700000000123',
      '9007199254740991', '9007199254740993', '123456789012345678901',
      '1700000000.5', '0.000001', '1764790000000.123456']
    for (const number of numbers) {
      const line = `{"level":${number},"time":${number},"msg":"a"}`
      const { level, time } = JSON.parse(line)
      assert.deepEqual(head(line), { level, time }, number)
    }
  })

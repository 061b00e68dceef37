import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ship } from './helpers/ship.mjs'

test('json lines are the records exactly as pino wrote them', async (t) => {
  const entries = await ship(t, 'fields')

  const record = JSON.parse(entries[0].line)
  assert.deepEqual(Object.keys(record),
    ['level', 'time', 'component', 'trace_id', 'span_id', 'rows', 'msg'])
  assert.equal(entries[0].line, JSON.stringify(record))
})

test("lines that pino's crlf option ends with \\r\\n ship without the \\r",
  async (t) => {
    const entries = await ship(t, 'crlf')

    assert.deepEqual(entries.map((e) => JSON.parse(e.line).msg),
      ['first', 'second'])
    for (const entry of entries) assert.doesNotMatch(entry.line, /\r/)
    assert.deepEqual(entries.map((e) => e.labels.level), ['info', 'warn'])
  })

test('message lines carry the message, or the record when it has none',
  async (t) => {
    const entries = await ship(t, 'fields', { lineFormat: 'message' })

    assert.equal(entries[0].line, 'query done')
    assert.equal(JSON.parse(entries[1].line).component, 'db')
  })

test("message lines honour pino's messageKey", async (t) => {
  const entries = await ship(t, 'messageKey', { lineFormat: 'message' })

  assert.equal(entries[0].line, 'renamed key')
})

test('logfmt lines name the level and quote values with spaces',
  async (t) => {
    const entries = await ship(t, 'fields', { lineFormat: 'logfmt' })

    assert.match(entries[0].line, new RegExp('^level=info time=\\d+ ' +
      'component=db trace_id=abc span_id=def rows=3 msg="query done"$'))
  })

test('omitPromotedKeys leaves labels and metadata out of json lines',
  async (t) => {
    const entries = await ship(t, 'fields', {
      labelKeys: ['component'],
      metadataKeys: ['trace_id', 'span_id'],
      omitPromotedKeys: true,
    })

    assert.deepEqual(Object.keys(JSON.parse(entries[0].line)),
      ['level', 'time', 'rows', 'msg'])
    assert.equal(entries[0].labels.component, 'db')
  })

test('omitPromotedKeys leaves labels and metadata out of logfmt lines',
  async (t) => {
    const entries = await ship(t, 'fields', {
      lineFormat: 'logfmt',
      labelKeys: ['component'],
      metadataKeys: ['trace_id', 'span_id'],
      omitPromotedKeys: true,
    })

    assert.match(entries[0].line,
      /^level=info time=\d+ rows=3 msg="query done"$/)
  })

test('metadataKeys sends fields as structured metadata, not labels',
  async (t) => {
    const entries = await ship(t, 'fields', {
      metadataKeys: ['trace_id', 'span_id'],
    })

    assert.deepEqual(entries[0].structuredMetadata,
      { trace_id: 'abc', span_id: 'def' })
    assert.deepEqual(entries[0].labels, { level: 'info' })
    assert.deepEqual(entries[1].structuredMetadata, {})
  })

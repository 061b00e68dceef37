import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ship } from './helpers/ship.mjs'

test('static labels and the level label reach every stream', async (t) => {
  const entries = await ship(t, 'levels', {
    labels: { service: 'api', env: 'test' },
  })

  assert.deepEqual(entries.map((e) => e.labels), [
    { service: 'api', env: 'test', level: 'info' },
    { service: 'api', env: 'test', level: 'warn' },
    { service: 'api', env: 'test', level: 'error' },
  ])
})

test('custom levels are named as pino names them', async (t) => {
  const entries = await ship(t, 'customLevels', {})

  assert.deepEqual(entries.map((e) => e.labels.level), ['audit', 'debug'])
})

test('levelLabel renames the level label, and false leaves it out',
  async (t) => {
    const renamed = await ship(t, 'levels', { levelLabel: 'severity' })
    const none = await ship(t, 'levels', {
      levelLabel: false, labels: { service: 'api' },
    })

    assert.deepEqual(renamed.map((e) => e.labels),
      [{ severity: 'info' }, { severity: 'warn' }, { severity: 'error' }])
    assert.deepEqual(none.map((e) => e.labels),
      [{ service: 'api' }, { service: 'api' }, { service: 'api' }])
  })

test('labelKeys promotes child bindings and nested fields to labels',
  async (t) => {
    const entries = await ship(t, 'children', {
      labelKeys: ['component', 'route', 'req.method'],
    })

    assert.deepEqual(entries.map((e) => e.labels), [
      { level: 'info', component: 'db' },
      { level: 'info', component: 'http', route: '/users' },
      { level: 'info', req_method: 'GET' },
    ])
  })

test('fields not named in labelKeys stay out of labels', async (t) => {
  const entries = await ship(t, 'children', {})

  for (const entry of entries) assert.deepEqual(entry.labels, { level: 'info' })
  assert.equal(JSON.parse(entries[0].line).component, 'db')
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { setup, stored } from './helpers.mjs'

test('metadataKeys become structured metadata, not labels', async (t) => {
  const { receiver, transport, logger } =
    await setup(t, { metadataKeys: ['trace_id', 'user.id'] })

  logger.info('paid', { trace_id: 'abc123', user: { id: 42 } })

  const [entry] = await stored(receiver, transport, 1)
  assert.deepEqual(entry.structuredMetadata,
    { trace_id: 'abc123', user_id: '42' })
  assert.deepEqual(entry.labels, { level: 'info' })
})

test('an entry without the metadata fields has no metadata', async (t) => {
  const { receiver, transport, logger } =
    await setup(t, { metadataKeys: ['trace_id'] })

  logger.info('no trace')

  const [entry] = await stored(receiver, transport, 1)
  assert.deepEqual(entry.structuredMetadata, {})
})

test('metadata from defaultMeta and child loggers is sent', async (t) => {
  const { receiver, transport, logger } = await setup(t,
    { metadataKeys: ['pod', 'request_id'] }, { defaultMeta: { pod: 'p-1' } })

  logger.child({ request_id: 'r-9' }).info('handled')

  const [entry] = await stored(receiver, transport, 1)
  assert.deepEqual(entry.structuredMetadata, { pod: 'p-1', request_id: 'r-9' })
})

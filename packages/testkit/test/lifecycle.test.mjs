import assert from 'node:assert/strict'
import { test } from 'node:test'
import { startLokiReceiver } from '@lokits/testkit'
import { NOW_MS, jsonStream, nsAt, pushJson } from './helpers.mjs'

const body = (line) => jsonStream({ app: 'a' }, [[nsAt(0), line]])

test('waitForEntries() resolves once enough entries are stored', async () => {
  const receiver = await startLokiReceiver({ now: () => NOW_MS })
  try {
    const waiting = receiver.waitForEntries(2)
    await pushJson(receiver.pushUrl, jsonStream({ app: 'a' },
      [[nsAt(0, 1n), 'one'], [nsAt(0, 2n), 'two']]))

    const entries = await waiting
    assert.deepEqual(entries.map((e) => e.line), ['one', 'two'])
  } finally {
    await receiver.close()
  }
})

test('waitForEntries() rejects on timeout, reporting what arrived',
  async () => {
    const receiver = await startLokiReceiver()
    try {
      await pushJson(receiver.pushUrl, { streams: [{ stream: { app: 'a' },
        values: [['1', 'far too old']] }] })

      const error = await receiver.waitForEntries(1, { timeoutMs: 10 })
        .then(() => assert.fail('resolved'), (e) => e)

      assert.equal(error.code, 'LOKITS_RECEIVER_WAIT_TIMEOUT')
      assert.match(error.message, /waiting for 1 entries; 0 entries stored/)
      assert.match(error.message, /1 requests, answers \{"400":1\}/)
      assert.match(error.message, new RegExp('first errors \\[400 entry ' +
        'for stream \'\\{app="a"\\}\' has timestamp too old'))
    } finally {
      await receiver.close()
    }
  })

test('close() rejects pending waits', async () => {
  const receiver = await startLokiReceiver()
  const waiting = receiver.waitForEntries(1)
  await receiver.close()

  await assert.rejects(waiting, { code: 'LOKITS_RECEIVER_CLOSED' })
})

test('close() is idempotent and the port can be listened on again',
  async () => {
    const first = await startLokiReceiver()
    await Promise.all([first.close(), first.close()])
    const second = await startLokiReceiver({ port: first.port })
    try {
      assert.equal(second.url, first.url)
      const { status } = await pushJson(second.pushUrl, body('again'))
      assert.notEqual(status, 0)
    } finally {
      await second.close()
    }
  })

test('reset() forgets entries, requests and counters', async () => {
  const receiver = await startLokiReceiver({ now: () => NOW_MS })
  try {
    receiver.fail({ status: 500 })
    await pushJson(receiver.pushUrl, body('x'))
    receiver.reset()

    assert.deepEqual(receiver.entries(), [])
    assert.deepEqual(receiver.requests(), [])
    assert.equal(receiver.stats().requests, 0)
    assert.equal((await pushJson(receiver.pushUrl, body('y'))).status, 204)
  } finally {
    await receiver.close()
  }
})

test('stats() counts requests by status and entries by outcome',
  async () => {
    const receiver = await startLokiReceiver({ now: () => NOW_MS })
    try {
      const values = [[nsAt(), 'a'], [nsAt(), 'a'], ['1', 'old']]
      await pushJson(receiver.pushUrl, jsonStream({ app: 'a' }, values))
      receiver.script([{ status: 503 }])
      await pushJson(receiver.pushUrl, body('b'))

      const stats = receiver.stats()
      assert.deepEqual(stats.requestsByStatus, { 400: 1, 503: 1 })
      assert.equal(stats.requests, 2)
      assert.equal(stats.entriesReceived, 3)
      assert.equal(stats.entriesStored, 1)
      assert.equal(stats.duplicatesRemoved, 1)
      assert.deepEqual(stats.entriesRejected,
        { greater_than_max_sample_age: 1 })
      assert.equal(stats.streams, 1)
    } finally {
      await receiver.close()
    }
  })

test('startLokiReceiver() refuses a bad option, naming it', async () => {
  await assert.rejects(startLokiReceiver({ version: 4 }), {
    code: 'LOKITS_RECEIVER_INVALID_OPTION',
    message: 'option version must be 2 or 3, got 4',
  })
  await assert.rejects(startLokiReceiver({ limits: { maxLineBytes: 1 } }),
    /option limits\.maxLineBytes must be one of maxLabelNamesPerSeries/)
  await assert.rejects(startLokiReceiver({ limits: { maxLineSize: -1 } }),
    /must be a non-negative integer \(0 = no limit\), got -1/)
})

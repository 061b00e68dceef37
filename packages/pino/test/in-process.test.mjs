import assert from 'node:assert/strict'
import { once } from 'node:events'
import { test } from 'node:test'
import pino from 'pino'
import lokiTransport from '@lokits/pino'
import { startLokiReceiver } from '@lokits/testkit'

async function receiverFor (t) {
  const receiver = await startLokiReceiver()
  t.after(() => receiver.close())
  return receiver
}

async function end (stream) {
  const closed = once(stream, 'close')
  stream.end()
  await closed
}

test('an awaited transport is a stream pino() writes to in-process',
  async (t) => {
    const receiver = await receiverFor(t)
    const stream = await lokiTransport({ url: receiver.url, maxWaitMs: 0 })

    const logger = pino({ customLevels: { audit: 35 } }, stream)
    logger.audit('granted')
    logger.info('done')
    await end(stream)

    const entries = receiver.entries()
    assert.deepEqual(entries.map((e) => e.labels.level), ['audit', 'info'])
    assert.deepEqual(entries.map((e) => JSON.parse(e.line).msg),
      ['granted', 'done'])
  })

test('a level that formatters.level wrote as a name is used as it is',
  async (t) => {
    const receiver = await receiverFor(t)
    const stream = await lokiTransport({ url: receiver.url, maxWaitMs: 0 })

    const logger = pino({
      formatters: { level: (label) => ({ level: label.toUpperCase() }) },
    }, stream)
    logger.warn('named')
    await end(stream)

    assert.deepEqual(receiver.entries().map((e) => e.labels.level), ['WARN'])
  })

test('in-process, hooks see drops and the stream emits lokits events',
  async (t) => {
    const receiver = await receiverFor(t)
    receiver.fail({ status: 400 })
    const dropped = []
    const reports = []
    const stream = await lokiTransport({
      url: receiver.url,
      maxWaitMs: 0,
      onDrop: (entries, reason) => dropped.push([entries.length, reason]),
      onDropReport: (report) => reports.push(report),
    })
    const events = []
    stream.on('lokits:drop', (report) => events.push(report))
    const final = once(stream, 'lokits:stats')

    pino(stream).info('refused')
    await end(stream)
    const [stats] = await final

    assert.deepEqual(dropped, [[1, 'rejected']])
    assert.deepEqual(reports.map((r) => r.byReason), [{ rejected: 1 }])
    assert.deepEqual(events, reports)
    assert.equal(stats.droppedByReason.rejected, 1)
  })

test('stream.flush() resolves once what was written is in Loki',
  async (t) => {
    const receiver = await receiverFor(t)
    const stream = await lokiTransport({
      url: receiver.url, maxWaitMs: 600_000,
    })
    t.after(() => end(stream))

    const logger = pino(stream)
    for (let i = 0; i < 10; i++) logger.info({ i }, 'line')
    await stream.flush()

    assert.equal(receiver.entries().length, 10)
  })

test('lines that are not JSON ship as they came', async (t) => {
  const receiver = await receiverFor(t)
  const stream = await lokiTransport({ url: receiver.url, maxWaitMs: 0 })

  stream.write('plain text\n{"broken": \n\n{"level":30,"msg":"ok"}\n')
  await end(stream)

  assert.deepEqual(receiver.entries().map((e) => [e.line, e.labels]), [
    ['plain text', { service_name: 'unknown_service' }],
    ['{"broken": ', { service_name: 'unknown_service' }],
    ['{"level":30,"msg":"ok"}', { level: 'info' }],
  ])
})

test('a wrong option is refused with an error naming it', async () => {
  await assert.rejects(
    lokiTransport({ url: 'http://localhost:3100', lineFormat: 'xml' }),
    { code: 'LOKI_INVALID_OPTION', option: 'lineFormat' })
  await assert.rejects(
    lokiTransport({ url: 'http://localhost:3100', labelKeys: 'service' }),
    { code: 'LOKI_INVALID_OPTION', option: 'labelKeys' })
})

test('a time pino could not have meant becomes the capture time, counted',
  async (t) => {
    const receiver = await receiverFor(t)
    const stream = await lokiTransport({ url: receiver.url, maxWaitMs: 0 })
    const final = once(stream, 'lokits:stats')
    const before = BigInt(Date.now()) * 1_000_000n

    stream.write('{"level":30,"time":"yesterday","msg":"a"}\n' +
      '{"level":30,"time":-1,"msg":"b"}\n' +
      '{"level":30,"time":null,"msg":"c"}\n')
    await end(stream)
    const after = BigInt(Date.now()) * 1_000_000n
    const [stats] = await final

    const times = receiver.entries().map((e) => BigInt(e.timestamp))
    assert.equal(times.length, 3)
    for (const time of times) assert.ok(time >= before && time <= after)
    assert.equal(stats.fixed.timestamps, 2)
  })

test('lines arrive whole whether written as strings or as Buffers cut ' +
  'inside a character', async (t) => {
  const receiver = await receiverFor(t)
  const stream = await lokiTransport({ url: receiver.url, maxWaitMs: 0 })

  const time = Date.now()
  const line = `{"level":30,"time":${time},"msg":"prix 5 €"}\n`
  stream.write(`{"level":30,"time":${time},"msg":"a string"}\n{"level":30,`)
  stream.write(`"time":${time},"msg":"cut between writes"}\n`)
  const bytes = Buffer.from(line)
  const euro = bytes.indexOf(0xe2) + 1
  stream.write(bytes.subarray(0, euro))
  stream.write(bytes.subarray(euro))
  await end(stream)

  assert.deepEqual(receiver.entries().map((e) => JSON.parse(e.line).msg),
    ['a string', 'cut between writes', 'prix 5 €'])
})

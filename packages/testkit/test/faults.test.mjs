import assert from 'node:assert/strict'
import { test } from 'node:test'
import { startLokiReceiver } from '@lokits/testkit'
import {
  NOW_MS, jsonStream, nsAt, pushJson, withReceiver,
} from './helpers.mjs'

const body = (line = 'x', extraNs = 0n) =>
  jsonStream({ app: 'a' }, [[nsAt(0, extraNs), line]])

test('a scripted status answers without storing, then pushes are normal',
  () => withReceiver({}, async (receiver) => {
    receiver.script([
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 503, body: 'unavailable' },
      { status: 260 },
    ])

    const limited = await pushJson(receiver.pushUrl, body('1'))
    const unavailable = await pushJson(receiver.pushUrl, body('2'))
    const blocked = await pushJson(receiver.pushUrl, body('3'))
    const normal = await pushJson(receiver.pushUrl, body('4'))

    assert.equal(limited.status, 429)
    assert.equal(limited.response.headers.get('retry-after'), '1')
    assert.deepEqual([unavailable.status, unavailable.text],
      [503, 'unavailable'])
    assert.equal(blocked.status, 260)
    assert.equal(normal.status, 204)
    assert.deepEqual(receiver.entries().map((e) => e.line), ['4'])
    assert.deepEqual(receiver.requests().map((r) => r.status),
      [429, 503, 260, 204])
    assert.equal(receiver.requests()[1].error, 'unavailable')
  }))

test('script() appends to the steps not yet consumed', () =>
  withReceiver({}, async (receiver) => {
    receiver.script([{ status: 500 }])
    receiver.script([{ status: 502 }])

    const statuses = []
    for (let i = 0; i < 3; i++) {
      statuses.push((await pushJson(receiver.pushUrl, body(`${i}`))).status)
    }
    assert.deepEqual(statuses, [500, 502, 204])
  }))

test('a scripted reset destroys the connection without an answer', () =>
  withReceiver({}, async (receiver) => {
    receiver.script([{ reset: true }])

    await assert.rejects(pushJson(receiver.pushUrl, body()),
      (error) => error.cause?.code === 'ECONNRESET')
    const [request] = receiver.requests()
    assert.equal(request.status, 0)
    assert.match(request.error, /connection reset/)
    assert.equal(receiver.entries().length, 0)
    assert.equal((await pushJson(receiver.pushUrl, body())).status, 204)
  }))

test('a scripted reset after store keeps the push, then destroys the ' +
  'connection without an answer; the resend is de-duplicated', () =>
  withReceiver({}, async (receiver) => {
    receiver.script([{ resetAfterStore: true }])

    await assert.rejects(pushJson(receiver.pushUrl, body('kept')),
      (error) => error.cause?.code === 'ECONNRESET')
    const [request] = receiver.requests()
    assert.equal(request.status, 0)
    assert.equal(request.entriesStored, 1)
    assert.match(request.error, /connection reset after storing/)
    assert.deepEqual(receiver.entries().map((e) => e.line), ['kept'])

    assert.equal((await pushJson(receiver.pushUrl, body('kept'))).status, 204)
    assert.equal(receiver.entries().length, 1)
    assert.equal(receiver.stats().duplicatesRemoved, 1)
  }))

// A timeout per test turns a close() that waits for hung sockets into a
// failure instead of a stuck run.
const PROMPT = { timeout: 5000 }

test('a scripted hang never answers, and close() still ends promptly',
  PROMPT, async (t) => {
    const receiver = await startLokiReceiver()
    t.after(() => receiver.close())
    receiver.script([{ hang: true }, { hang: true }])
    const hung = Promise.allSettled([
      pushJson(receiver.pushUrl, body('1')),
      pushJson(receiver.pushUrl, body('2')),
    ])
    await receiver.waitForRequests(2)

    assert.deepEqual(receiver.requests().map((r) => r.status), [0, 0])
    await receiver.close()
    for (const push of await hung) {
      assert.equal(push.status, 'rejected')
      assert.ok(push.reason instanceof TypeError)
    }
    assert.equal(receiver.entries().length, 0)
  })

test('a scripted delay processes the push normally afterwards', () =>
  withReceiver({}, async (receiver) => {
    receiver.script([{ delayMs: 20 }])

    const { status } = await pushJson(receiver.pushUrl, body())
    assert.equal(status, 204)
    assert.equal(receiver.entries().length, 1)
  }))

test('a scripted 500 carries the ingester message for oversized pushes',
  () => withReceiver({}, async (receiver) => {
    const message = 'rpc error: code = ResourceExhausted desc = grpc: ' +
      'received message larger than max (5000000 vs. 4194304)'
    receiver.script([{ status: 500, body: message }])

    const { status, text } = await pushJson(receiver.pushUrl, body())
    assert.deepEqual([status, text], [500, message])
  }))

test('fail() answers every push so until fail(null)', () =>
  withReceiver({}, async (receiver) => {
    receiver.fail({ status: 500, body: 'down' })
    const first = await pushJson(receiver.pushUrl, body('1'))
    const second = await pushJson(receiver.pushUrl, body('2'))
    receiver.fail(null)
    const third = await pushJson(receiver.pushUrl, body('3'))

    assert.deepEqual([first.status, second.status, third.status],
      [500, 500, 204])
    assert.deepEqual(receiver.entries().map((e) => e.line), ['3'])
  }))

test('stall() holds pushes unanswered until resume()', () =>
  withReceiver({}, async (receiver) => {
    receiver.stall()
    const pending = pushJson(receiver.pushUrl, body())
    await receiver.waitForRequests(1)

    assert.equal(receiver.requests()[0].status, 0)
    assert.equal(receiver.entries().length, 0)
    receiver.resume()
    assert.equal((await pending).status, 204)
    assert.equal(receiver.entries().length, 1)
  }))

test('close() ends stalled requests promptly', PROMPT, async (t) => {
  const receiver = await startLokiReceiver()
  t.after(() => receiver.close())
  receiver.stall()
  const pending = pushJson(receiver.pushUrl, body())
  await receiver.waitForRequests(1)

  await receiver.close()
  await assert.rejects(pending, TypeError)
  assert.equal(receiver.requests()[0].error, 'receiver closed')
})

test('rejects invalid fault steps, naming the step', () =>
  withReceiver({}, async (receiver) => {
    assert.throws(() => receiver.script([{ status: 200 }, { status: 99 }]),
      { code: 'LOKITS_RECEIVER_INVALID_OPTION',
        message: /option script\[1\]\.status must be an integer/ })
    assert.throws(() => receiver.fail({ status: 500, reset: true }),
      /exactly one of status, reset, resetAfterStore, hang, delayMs/)
    assert.throws(() => receiver.script([{ resetAfterStore: 1 }]),
      /option script\[0\] must be reset, resetAfterStore or hang set to true/)
  }))

test('the rate limit answers 429 with Loki\'s message and stores nothing',
  async () => {
    let now = NOW_MS
    await withReceiver({ now: () => now, rateLimitBytesPerSecond: 100 },
      async (receiver) => {
        const first = await pushJson(receiver.pushUrl, body('1'))
        const limited = await pushJson(receiver.pushUrl, body('2'))
        now += 1000
        const refilled = await pushJson(receiver.pushUrl, body('3'))

        const bytes = receiver.requests()[1].bodyBytes
        assert.ok(bytes > 50 && bytes <= 100, `body is ${bytes} bytes`)
        assert.deepEqual([first.status, limited.status, refilled.status],
          [204, 429, 204])
        assert.equal(limited.text, 'Ingestion rate limit exceeded for user ' +
          `fake (limit: 100 bytes/sec) while attempting to ingest '1' lines ` +
          `totaling '${bytes}' bytes, reduce log volume or contact your ` +
          'Loki administrator to see if the limit can be increased')
        assert.deepEqual(receiver.entries().map((e) => e.line), ['1', '3'])
        assert.deepEqual(receiver.stats().entriesRejected, { rate_limited: 1 })
      })
  })

test('setRateLimit() changes the limit at run time', () =>
  withReceiver({}, async (receiver) => {
    receiver.setRateLimit(10)
    assert.equal((await pushJson(receiver.pushUrl, body())).status, 429)
    receiver.setRateLimit(0)
    assert.equal((await pushJson(receiver.pushUrl, body())).status, 204)
  }))

test('multi-tenant mode answers 401 no org id without X-Scope-OrgID', () =>
  withReceiver({ multiTenant: true }, async (receiver) => {
    const missing = await pushJson(receiver.pushUrl, body())
    const invalid = await pushJson(receiver.pushUrl, body(),
      { headers: { 'x-scope-orgid': 'a|b' } })
    const tenant = await pushJson(receiver.pushUrl, body(),
      { headers: { 'x-scope-orgid': 'team-a' } })

    assert.deepEqual([missing.status, missing.text], [401, 'no org id'])
    assert.equal(invalid.status, 401)
    assert.match(invalid.text, /unsupported character '\|'/)
    assert.equal(tenant.status, 204)
    assert.equal(receiver.entries()[0].tenant, 'team-a')
  }))

test('without multi-tenancy every push goes to tenant fake', () =>
  withReceiver({}, async (receiver) => {
    await pushJson(receiver.pushUrl, body(),
      { headers: { 'x-scope-orgid': 'team-a' } })

    assert.equal(receiver.entries()[0].tenant, 'fake')
  }))

test('basic auth answers 401 when credentials are missing or wrong', () =>
  withReceiver({ auth: { basic: { username: 'u', password: 'p' } } },
    async (receiver) => {
      const basic = (user, pass) => ({ headers: { authorization:
        `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` } })
      const missing = await pushJson(receiver.pushUrl, body())
      const wrong = await pushJson(receiver.pushUrl, body(), basic('u', 'x'))
      const right = await pushJson(receiver.pushUrl, body(), basic('u', 'p'))

      assert.deepEqual([missing.status, wrong.status, right.status],
        [401, 401, 204])
    }))

test('bearer auth answers 401 when the token is wrong', () =>
  withReceiver({ auth: { bearer: 'secret' } }, async (receiver) => {
    const wrong = await pushJson(receiver.pushUrl, body(),
      { headers: { authorization: 'Bearer nope' } })
    const right = await pushJson(receiver.pushUrl, body(),
      { headers: { authorization: 'Bearer secret' } })

    assert.deepEqual([wrong.status, right.status], [401, 204])
  }))

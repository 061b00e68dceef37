import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FakeClock } from './helpers/fake-clock.mjs'
import { clientAndReceiver } from './helpers/setup.mjs'

test('1,000 identical lines pushed in one millisecond are all stored',
  async (t) => {
    const clock = new FakeClock()
    const { client, receiver } = await clientAndReceiver(t, { clock })
    for (let i = 0; i < 1000; i++) client.push({ line: 'same line' })
    await client.flush()
    assert.equal(receiver.entries().length, 1000)
    assert.equal(receiver.stats().duplicatesRemoved ?? 0, 0)
    const stamps = new Set(receiver.entries().map((e) => e.timestamp))
    assert.equal(stamps.size, 1000)
  })

test('identical lines with one given millisecond timestamp are all stored',
  async (t) => {
    const { client, receiver } = await clientAndReceiver(t)
    const time = Date.now()
    for (let i = 0; i < 1000; i++) {
      client.push({ line: 'same line', timestamp: time })
    }
    await client.flush()
    assert.equal(receiver.entries().length, 1000)
    assert.ok(receiver.entries()
      .every((e) => e.timestamp.startsWith(String(time))))
  })

test('a retried batch keeps the timestamps fixed at push time, so a ' +
  'resend de-duplicates', async (t) => {
  // Time jumps by each wait asked for: the retry happens "later".
  let now = Date.now()
  const pushedAt = now
  const clock = {
    now: () => now,
    setTimeout: (fn, ms) => { now += ms; return setImmediate(fn) },
    clearTimeout: clearImmediate,
  }
  const { client, receiver } = await clientAndReceiver(t,
    { clock, random: () => 1 })
  receiver.script([{ status: 503 }, { status: 503 }])
  client.push({ line: 'x' })
  await client.flush()
  assert.ok(now >= pushedAt + 1500, 'the retries waited')
  assert.equal(receiver.entries()[0].timestamp,
    String(BigInt(pushedAt) * 1_000_000n))
})

test('label sets that sanitize to one stream share its timestamps',
  async (t) => {
    const clock = new FakeClock()
    const { client, receiver } = await clientAndReceiver(t, { clock })
    for (const labels of [{ 'a.b': 'x' }, { a_b: 'x' }, { 'a-b': 'x' },
      { v: '\ud800' }, { v: '\ufffd' }]) {
      client.push({ line: 'same line', labels })
    }
    await client.flush()
    assert.equal(receiver.entries().length, 5)
  })

// Security: TLS verified by default, credentials kept out of everything a
// user or an operator can see, and log fields that cannot pollute
// prototypes.
import assert from 'node:assert/strict'
import diagnosticsChannel from 'node:diagnostics_channel'
import { test } from 'node:test'
import { inspect } from 'node:util'
import pino from 'pino'
import { LokiClient } from '@lokits/core'
import lokiTransport from '@lokits/pino'
import { LokiTransport } from '@lokits/winston'
import winston from 'winston'
import { assertLedger, storedEntries } from './helpers/ledger.mjs'
import { holdingOpen, LOGGERS, startLogger } from './helpers/loggers.mjs'
import { CA_PEM, receiverFor, tlsFront } from './helpers/servers.mjs'

const COUNT = 20
const QUICK_RETRY = { minDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 }

async function logAll (logger) {
  await logger.log(0, COUNT)
  await logger.flush()
  return logger.end()
}

// ---- TLS ---------------------------------------------------------------

for (const kind of LOGGERS) {
  test(`${kind}: a self-signed loopback https server is refused by ` +
    'default: nothing stored, every entry counted', async (t) => {
    const receiver = await receiverFor(t)
    const url = await tlsFront(t, receiver)
    const logger = await startLogger(t, kind,
      { url, maxWaitMs: 60_000, retry: QUICK_RETRY })

    const run = await logAll(logger)

    assertLedger({ logged: COUNT, ...run, stored: storedEntries(receiver) })
    assert.deepEqual(run.drops, { max_retries: COUNT })
    assert.match(run.stats.lastError.message,
      /certificate|self.signed|UNABLE_TO_VERIFY/i)
  })

  test(`${kind}: the same https server is trusted once its CA is given`,
    async (t) => {
      const receiver = await receiverFor(t)
      const url = await tlsFront(t, receiver)
      const logger = await startLogger(t, kind,
        { url, tls: { ca: CA_PEM }, maxWaitMs: 60_000, retry: QUICK_RETRY })

      const run = await logAll(logger)

      assertLedger({ logged: COUNT, ...run, stored: storedEntries(receiver) })
      assert.deepEqual(run.drops, {})
    })
}

// ---- credentials -------------------------------------------------------

const SECRET = 'hunter2'
// Every credential holds SECRET; basic auth also travels as base64.
const CREDENTIALS = {
  'basic auth': { basicAuth: { username: 'instance', password: SECRET } },
  'a bearer token': { bearerToken: `token-${SECRET}` },
  'an Authorization header': { headers: { Authorization: `Key ${SECRET}` } },
  'credentials in the URL': { userinfo: `instance:${SECRET}` },
}
const LEAK = new RegExp([SECRET,
  Buffer.from(`instance:${SECRET}`).toString('base64').slice(0, 16)]
  .join('|'))

const withUserinfo = (url, userinfo) => userinfo === undefined
  ? url
  : url.replace('://', `://${userinfo}@`)

/** Everything of an error a user could print, its causes included. */
function errorText (error) {
  return [error.message, error.stack, inspect(error, { depth: 6 })].join('\n')
}

/**
 * Collects what diagnostics channel subscribers, hooks and stats() see
 * of a client's life; resolves with all of it as text.
 */
async function everythingSeen (t, options, act) {
  const seen = []
  const channels = ['lokits:push:start', 'lokits:push:end',
    'lokits:push:error', 'lokits:retry', 'lokits:drop']
  const subscriber = (message, name) =>
    seen.push(`${name} ${inspect(message, { depth: 6 })}`)
  for (const name of channels) diagnosticsChannel.subscribe(name, subscriber)
  t.after(() => {
    for (const name of channels) {
      diagnosticsChannel.unsubscribe(name, subscriber)
    }
  })
  const { userinfo, ...rest } = options
  const client = new LokiClient({
    ...rest,
    url: withUserinfo(rest.url, userinfo),
    retry: QUICK_RETRY,
    onError: (error) => seen.push(errorText(error)),
    onDrop: (entries, reason) => seen.push(JSON.stringify({ entries, reason })),
    onRetry: (info) => seen.push(inspect(info, { depth: 6 })),
    onDropReport: (report) => seen.push(inspect(report, { depth: 6 })),
  })
  await holdingOpen(act(client))
  await client.close()
  seen.push(inspect(client.stats(), { depth: 6 }), inspect(client))
  return seen.join('\n')
}

// [how the push fails, what to arrange: resolves with the url and the
//  receiver (when there is one) that should have seen the credential]
const FAILURES = {
  'Loki answers 401': async (t) => {
    const receiver = await receiverFor(t,
      { auth: { bearer: 'something-else' } })
    return { url: receiver.url, receiver }
  },
  'Loki answers 503 until the attempts run out': async (t) => {
    const receiver = await receiverFor(t)
    receiver.fail({ status: 503, body: 'unavailable' })
    return { url: receiver.url, receiver }
  },
  'the push times out': async (t) => {
    const receiver = await receiverFor(t)
    receiver.fail({ hang: true })
    return { url: receiver.url, receiver, timeoutMs: 100 }
  },
  'the host name does not resolve': async () =>
    ({ url: 'http://loki.invalid:3100' }),
  'the TLS certificate is not trusted': async (t) => {
    const receiver = await receiverFor(t)
    return { url: await tlsFront(t, receiver) }
  },
}

for (const [failure, arrange] of Object.entries(FAILURES)) {
  test(`when ${failure}, no credential reaches errors, hooks, ` +
    'diagnostics channels or stats()', async (t) => {
    for (const [style, credential] of Object.entries(CREDENTIALS)) {
      const { url, receiver, timeoutMs } = await arrange(t)

      const seen = await everythingSeen(t,
        { url, timeoutMs, ...credential },
        async (client) => {
          for (let i = 0; i < 3; i++) client.push({ line: `entry #${i}#` })
          await client.flush()
        })

      assert.doesNotMatch(seen, LEAK, `${style} leaked`)
      assert.match(seen, /max_retries|rejected/, 'the failure was seen')
      if (receiver !== undefined) {
        assert.ok(receiver.requests().length > 0)
        assert.match(receiver.requests()[0].headers.authorization, LEAK,
          `${style} was sent`)
      }
    }
  })
}

test('pino: no credential reaches the worker\'s drop reports, its final ' +
  'stats or its NODE_DEBUG trace', async (t) => {
  for (const [style, credential] of Object.entries(CREDENTIALS)) {
    const receiver = await receiverFor(t,
      { auth: { bearer: 'something-else' } })
    receiver.script([{ status: 503 }])
    const { userinfo, ...rest } = credential
    const logger = await startLogger(t, 'pino', {
      ...rest,
      url: withUserinfo(receiver.url, userinfo),
      maxWaitMs: 60_000,
      retry: QUICK_RETRY,
    })

    const run = await logAll(logger)

    const seen = [JSON.stringify(run.reports), JSON.stringify(run.stats),
      run.stderr].join('\n')
    assert.match(run.stderr, /LOKITS \d+: retry 1/, 'the trace was on')
    assert.deepEqual(run.drops, { rejected: COUNT })
    assert.doesNotMatch(seen, LEAK, `${style} leaked`)
    assert.match(receiver.requests()[0].headers.authorization, LEAK)
  }
})

test('winston: no credential reaches "warn" reports, hooks or stats()',
  async (t) => {
    for (const [style, credential] of Object.entries(CREDENTIALS)) {
      const receiver = await receiverFor(t,
        { auth: { bearer: 'something-else' } })
      receiver.script([{ status: 503 }])
      const seen = []
      const { userinfo, ...rest } = credential
      const transport = new LokiTransport({
        ...rest,
        url: withUserinfo(receiver.url, userinfo),
        retry: QUICK_RETRY,
        onError: (error) => seen.push(errorText(error)),
        onDrop: (entries) => seen.push(JSON.stringify(entries)),
        onRetry: (info) => seen.push(inspect(info)),
        onDropReport: (report) => seen.push(inspect(report)),
      })
      transport.on('warn', (report) => seen.push(inspect(report)))
      const logger = winston.createLogger({ transports: [transport] })

      logger.info('entry #0#')
      await holdingOpen(transport.flush())
      await transport.close()

      seen.push(inspect(transport.stats()))
      assert.match(seen.join('\n'), /rejected/, 'the failure was seen')
      assert.doesNotMatch(seen.join('\n'), LEAK, `${style} leaked`)
      assert.ok(receiver.requests().length > 0)
      assert.match(receiver.requests()[0].headers.authorization, LEAK,
        `${style} was sent`)
    }
  })

test('an option error shows no credential of a valid setting', () => {
  const cases = [
    { url: 'http://instance:hunter2@not a host' },
    { url: 'http://127.0.0.1:3100', basicAuth: { username: 'u', password: 1 },
      bearerToken: SECRET },
    { url: 'http://127.0.0.1:3100', bearerToken: 2 },
    { url: 'http://127.0.0.1:3100',
      headers: { 'X-Scope-OrgID': SECRET } },
  ]
  for (const options of cases) {
    assert.throws(() => new LokiClient(options), (error) => {
      assert.equal(error.code, 'LOKI_INVALID_OPTION')
      assert.doesNotMatch(errorText(error), LEAK)
      return true
    })
  }
})

test('an option error shows no password of a url or proxy it cannot ' +
  'parse', () => {
  const cases = [
    { url: 'http://instance:hun/ter2@not a host' },
    { url: 'http://127.0.0.1:3100',
      proxy: 'http://proxy-user:hunter2@not a host:3128' },
  ]
  for (const options of cases) {
    assert.throws(() => new LokiClient(options), (error) => {
      assert.equal(error.code, 'LOKI_INVALID_OPTION')
      assert.doesNotMatch(errorText(error), /hunter2|hun\/ter2/)
      return true
    })
  }
})

// ---- prototype pollution -----------------------------------------------

// As a log field arrives from a parsed request body: own keys named
// __proto__ and constructor, which an assignment would turn into a
// prototype change.
const hostileFields = () => JSON.parse(
  '{"__proto__":{"polluted":"yes"},' +
  '"constructor":{"prototype":{"polluted":"yes"}},' +
  '"nested":{"__proto__":{"polluted":"yes"}}}')
const HOSTILE_KEYS = ['__proto__', '__proto__.polluted',
  'constructor.prototype.polluted', 'nested.__proto__', 'polluted']

function assertPristine () {
  assert.equal({}.polluted, undefined)
  assert.equal(Object.prototype.polluted, undefined)
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(),
    PRISTINE)
}
const PRISTINE = Object.getOwnPropertyNames(Object.prototype).sort()

test('core: __proto__ and constructor keys in labels and metadata leave ' +
  'Object.prototype unchanged', async (t) => {
  const receiver = await receiverFor(t)
  const client = new LokiClient({ url: receiver.url, onDropReport: false })

  client.push({ line: 'entry #0#', labels: hostileFields(),
    structuredMetadata: hostileFields() })
  client.push({ line: 'entry #1#', labels: hostileFields().nested })
  await client.close()

  assertPristine()
  assertLedger({ logged: 2, stats: client.stats(), drops: {},
    droppedIds: [], stored: storedEntries(receiver) })
})

for (const lineFormat of ['json', 'logfmt', 'message']) {
  test(`winston: __proto__ and constructor keys in meta, promoted and in ` +
    `${lineFormat} lines, leave Object.prototype unchanged`, async (t) => {
    const receiver = await receiverFor(t)
    const transport = new LokiTransport({ url: receiver.url,
      onDropReport: false, labelKeys: HOSTILE_KEYS,
      metadataKeys: HOSTILE_KEYS, lineFormat, omitPromotedKeys: true })
    const logger = winston.createLogger({ transports: [transport] })

    logger.info('entry #0#', hostileFields())
    logger.info({ message: 'entry #1#', ...hostileFields() })
    await transport.flush()
    await transport.close()

    assertPristine()
    assertLedger({ logged: 2, stats: transport.stats(), drops: {},
      droppedIds: [],
      stored: storedEntries(receiver) })
  })
}

test('pino (in its worker thread): __proto__ and constructor keys in ' +
  'records, promoted and in lines, leave Object.prototype unchanged in ' +
  'the worker and in pino\'s thread', async (t) => {
  for (const omitPromotedKeys of [true, false]) {
    const receiver = await receiverFor(t)
    const logger = await startLogger(t, 'pino', { url: receiver.url,
      maxWaitMs: 60_000, labelKeys: HOSTILE_KEYS, metadataKeys: HOSTILE_KEYS,
      omitPromotedKeys })

    // The fields cross to pino's process as JSON, which keeps own keys
    // named __proto__.
    await logger.record(0, hostileFields())
    await logger.record(1, hostileFields().nested)
    await logger.flush()
    const run = await logger.end()

    for (const thread of ['worker', 'main']) {
      assert.deepEqual(run.prototypes[thread],
        { names: PRISTINE, polluted: false }, thread)
    }
    const stored = storedEntries(receiver)
    assertLedger({ logged: 2, ...run, stored })
    // The hostile key reached the worker as a plain field.
    for (const entry of stored) {
      assert.equal(entry.labels._proto___polluted, 'yes')
    }
  }
})

test('pino (transport in-process): __proto__ and constructor keys in ' +
  'records, promoted and in lines, leave Object.prototype unchanged',
  async (t) => {
    const receiver = await receiverFor(t)
    const stream = await lokiTransport({ url: receiver.url, maxWaitMs: 0,
      onDropReport: false, labelKeys: HOSTILE_KEYS,
      metadataKeys: HOSTILE_KEYS, omitPromotedKeys: true })
    const final = new Promise((resolve) => stream.once('lokits:stats', resolve))

    const logger = pino(stream)
    logger.info(hostileFields(), 'entry #0#')
    logger.child(hostileFields()).info('entry #1#')
    stream.end()
    const stats = await final

    assertPristine()
    assertLedger({ logged: 2, stats, drops: {}, droppedIds: [],
      stored: storedEntries(receiver) })
  })

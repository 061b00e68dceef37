import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createServer as createHttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { connect } from 'node:net'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { Agent } from 'undici'
import { LokiClient } from '@lokits/core'
import { InstantClock } from './helpers/fake-clock.mjs'
import { clientAndReceiver, dropCounts } from './helpers/setup.mjs'

const tls = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'tls')
const ca = readFileSync(join(tls, 'ca.pem'))

async function listen (server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server.address().port
}

for (const [given, path] of [
  ['', '/loki/api/v1/push'],
  ['/', '/loki/api/v1/push'],
  ['/gateway/tenant-a', '/gateway/tenant-a/loki/api/v1/push'],
  ['/gateway//', '/gateway/loki/api/v1/push'],
  ['/loki/api/v1/push', '/loki/api/v1/push'],
  ['/prefix/loki/api/v1/push/', '/prefix/loki/api/v1/push'],
]) {
  test(`url "${given}" pushes to ${path}`, async (t) => {
    const { receiver } = await clientAndReceiver(t)
    const client = new LokiClient({ url: receiver.url + given,
      onDropReport: false })
    client.push({ line: 'x' })
    await client.close()
    assert.equal(receiver.requests()[0].path, path)
  })
}

test('sends the tenant, basic auth, user agent and extra headers',
  async (t) => {
    const { client, receiver } = await clientAndReceiver(t, {
      tenant: 'team-a',
      basicAuth: { username: 'instance', password: 'token' },
      headers: { 'x-extra': 'yes' },
    }, { multiTenant: true })
    client.push({ line: 'x' })
    await client.flush()
    const { headers } = receiver.requests()[0]
    assert.equal(headers['x-scope-orgid'], 'team-a')
    assert.equal(headers.authorization,
      `Basic ${Buffer.from('instance:token').toString('base64')}`)
    assert.equal(headers['x-extra'], 'yes')
    assert.match(headers['user-agent'], /^lokits\/\d+\.\d+\.\d+/)
    assert.equal(receiver.entries()[0].tenant, 'team-a')
  })

test('credentials in the URL become basic auth and leave the URL',
  async (t) => {
    const { receiver } = await clientAndReceiver(t)
    const url = new URL(receiver.url)
    url.username = 'user'
    url.password = 'p@ss'
    const client = new LokiClient({ url: url.href, onDropReport: false })
    client.push({ line: 'x' })
    await client.close()
    const request = receiver.requests()[0]
    assert.equal(request.headers.authorization,
      `Basic ${Buffer.from('user:p@ss').toString('base64')}`)
  })

test('without the tenant header a multi-tenant Loki refuses the push, ' +
  'reported as rejected', async (t) => {
  const { client, drops } = await clientAndReceiver(t, {},
    { multiTenant: true })
  client.push({ line: 'x' })
  await client.flush()
  assert.deepEqual(dropCounts(drops), { rejected: 1 })
})

test('TLS: a self-signed server is refused unless its CA is given',
  async (t) => {
    const stored = []
    const server = createHttpsServer({
      key: readFileSync(join(tls, 'server-key.pem')),
      cert: readFileSync(join(tls, 'server.pem')),
    }, (req, res) => {
      stored.push(req.url)
      req.resume().on('end', () => res.writeHead(204).end())
    })
    const port = await listen(server)
    t.after(() => server.close())
    const url = `https://127.0.0.1:${port}`

    const drops = []
    const untrusting = new LokiClient({
      url, clock: new InstantClock(), retry: { maxAttempts: 2 },
      onDropReport: false,
      onDrop: (entries, reason) => drops.push(reason),
    })
    untrusting.push({ line: 'refused' })
    await untrusting.flush()
    await untrusting.close()
    assert.deepEqual(drops, ['max_retries'])
    assert.match(untrusting.stats().lastError.message,
      /certificate|self.signed|UNABLE_TO_VERIFY/i)

    const trusting = new LokiClient({ url, tls: { ca }, onDropReport: false })
    trusting.push({ line: 'trusted' })
    await trusting.close()
    assert.deepEqual(stored, ['/loki/api/v1/push'])
  })

test('pushes through an HTTP proxy when one is set', async (t) => {
  const { receiver } = await clientAndReceiver(t)
  const tunnels = []
  const proxy = createHttpServer()
  proxy.on('connect', (req, socket, head) => {
    tunnels.push(req.url)
    const [host, port] = req.url.split(':')
    const upstream = connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(socket).pipe(upstream)
    })
    upstream.on('error', () => socket.destroy())
    socket.on('error', () => upstream.destroy())
  })
  const proxyPort = await listen(proxy)
  t.after(() => proxy.close())
  const client = new LokiClient({ url: receiver.url,
    proxy: `http://127.0.0.1:${proxyPort}`, onDropReport: false })
  client.push({ line: 'via proxy' })
  await client.close()
  assert.equal(tunnels.length, 1)
  assert.equal(tunnels[0], new URL(receiver.url).host)
  assert.equal(receiver.entries()[0].line, 'via proxy')
})

test('uses a dispatcher given by the user and leaves it open', async (t) => {
  const { receiver } = await clientAndReceiver(t)
  const dispatcher = new Agent()
  t.after(() => dispatcher.close())
  const client = new LokiClient({ url: receiver.url, dispatcher,
    onDropReport: false })
  client.push({ line: 'x' })
  await client.close()
  assert.equal(dispatcher.closed, false)
  assert.equal(receiver.entries().length, 1)
})

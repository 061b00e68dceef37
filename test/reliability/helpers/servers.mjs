// Servers on 127.0.0.1 for the suite: testkit receivers closed with the
// test, a port nothing listens on, a TLS front for a receiver, and raw
// TCP servers that answer as a hostile or broken Loki would.
import { EventEmitter, once } from 'node:events'
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { createServer as createNetServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { startLokiReceiver } from '@lokits/testkit'

const TLS = new URL('../../../packages/core/test/fixtures/tls/',
  import.meta.url)
const pem = (name) => readFileSync(fileURLToPath(new URL(name, TLS)), 'utf8')

/** The test CA that signed the loopback server certificate. */
export const CA_PEM = pem('ca.pem')

/** A testkit receiver, closed when test `t` ends. */
export async function receiverFor (t, options) {
  const receiver = await startLokiReceiver(options)
  t.after(() => receiver.close())
  return receiver
}

/**
 * A port nothing listens on: the system gave it to a server that has
 * closed since. For a receiver that starts later, or none at all.
 */
export async function freePort () {
  const server = createNetServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function listen (t, server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => {
    server.closeAllConnections?.()
    return new Promise((resolve) => server.close(resolve))
  })
  return server.address().port
}

/**
 * An https server with the test's self-signed chain in front of
 * `receiver`; resolves with its URL.
 */
export async function tlsFront (t, receiver) {
  const target = new URL(receiver.url)
  const server = createHttpsServer({
    key: pem('server-key.pem'),
    cert: pem('server.pem'),
  }, (incoming, outgoing) => {
    const forward = request({
      host: target.hostname,
      port: target.port,
      path: incoming.url,
      method: incoming.method,
      headers: incoming.headers,
    }, (answer) => {
      outgoing.writeHead(answer.statusCode, answer.headers)
      answer.pipe(outgoing)
    })
    forward.on('error', () => outgoing.destroy())
    incoming.pipe(forward)
  })
  return `https://127.0.0.1:${await listen(t, server)}`
}

/**
 * A raw TCP server that reads each request's head and then lets
 * `answer(socket)` do what it will. Resolves with its URL, a record of
 * what happened (`seen`: requests, connections, and for each closed
 * connection the bytes written to it), `requested(n)`, which resolves
 * once n requests have come, and `allClosed()`, once every connection
 * made so far has closed.
 */
export async function hostileServer (t, answer) {
  const seen = { requests: 0, connections: 0, closed: [] }
  const events = new EventEmitter()
  const server = createNetServer((socket) => {
    seen.connections++
    socket.on('error', () => {})
    socket.on('close', () => {
      seen.closed.push(socket.bytesWritten)
      events.emit('closed')
    })
    let head = ''
    socket.on('data', function onData (chunk) {
      head += chunk.toString('latin1')
      if (!head.includes('\r\n\r\n')) return
      socket.off('data', onData)
      socket.resume()
      seen.requests++
      events.emit('request')
      answer(socket)
    })
  })
  const port = await listen(t, server)
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    async requested (count = 1) {
      while (seen.requests < count) await once(events, 'request')
    },
    async allClosed () {
      while (seen.closed.length < seen.connections) {
        await once(events, 'closed')
      }
    },
  }
}

/** Writes `chunk` to `socket` again and again, as fast as it drains. */
export function writeForever (socket, chunk) {
  const more = () => {
    while (!socket.destroyed && socket.write(chunk)) {}
    if (!socket.destroyed) socket.once('drain', more)
  }
  more()
}

/** Writes `text` one byte at a time, one byte per `intervalMs`, forever. */
export function trickle (socket, text, intervalMs = 20) {
  let i = 0
  const timer = setInterval(() => {
    if (socket.destroyed) return clearInterval(timer)
    socket.write(text[i % text.length])
    i++
  }, intervalMs)
  socket.on('close', () => clearInterval(timer))
}

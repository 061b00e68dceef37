// Small servers on 127.0.0.1 for the security cases: a TLS front for a
// testkit receiver, and raw TCP servers that answer as a hostile or
// broken Loki would.
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { createServer as createNetServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const TLS = new URL('../../../packages/core/test/fixtures/tls/',
  import.meta.url)
const pem = (name) => readFileSync(fileURLToPath(new URL(name, TLS)), 'utf8')

/** The test CA that signed the loopback server certificate. */
export const CA_PEM = pem('ca.pem')

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
 * `answer(socket)` do what it will. Resolves with its URL and a record of
 * the connections: how many requests came, and for each closed
 * connection the bytes written to it.
 */
export async function hostileServer (t, answer) {
  const seen = { requests: 0, closed: [] }
  const server = createNetServer((socket) => {
    socket.on('error', () => {})
    socket.on('close', () => seen.closed.push(socket.bytesWritten))
    let head = ''
    socket.on('data', function onData (chunk) {
      head += chunk.toString('latin1')
      if (!head.includes('\r\n\r\n')) return
      socket.off('data', onData)
      socket.resume()
      seen.requests++
      answer(socket)
    })
  })
  const port = await listen(t, server)
  return { url: `http://127.0.0.1:${port}`, seen }
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

import { once } from 'node:events'

/**
 * Ends a pino transport and waits until its worker has sent what it holds.
 * pino unrefs the worker once it is ready, so that logging never keeps a
 * process alive: wait for that first, then hold the process until close.
 * (Without this, pino still delivers at process exit.)
 */
export async function endTransport (transport) {
  if (!transport.ready) await once(transport, 'ready')
  transport.ref()
  const closed = once(transport, 'close')
  transport.end()
  await closed
}

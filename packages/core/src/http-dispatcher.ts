import { Agent, ProxyAgent, type Dispatcher } from 'undici'
import type { TlsOptions } from './options.js'

/** The dispatcher pushes go through, and whether the client owns it. */
export interface PushDispatcher {
  readonly dispatcher: Dispatcher
  readonly owned: boolean
}

/**
 * A keep-alive pool for the push URL's origin, through a proxy when one is
 * set. A user-supplied dispatcher is used as given and never closed here.
 */
export function createDispatcher (options: {
  dispatcher: Dispatcher | undefined
  proxy: string | undefined
  tls: TlsOptions | undefined
  timeoutMs: number
}): PushDispatcher {
  if (options.dispatcher !== undefined) {
    return { dispatcher: options.dispatcher, owned: false }
  }
  const connect = options.tls === undefined
    ? { timeout: options.timeoutMs }
    : { ...tlsOptions(options.tls), timeout: options.timeoutMs }
  const dispatcher = options.proxy === undefined
    ? new Agent({ connect })
    : new ProxyAgent({ uri: options.proxy, requestTls: connect })
  return { dispatcher, owned: true }
}

function tlsOptions (tls: TlsOptions): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  if (tls.ca !== undefined) result['ca'] = tls.ca
  if (tls.cert !== undefined) result['cert'] = tls.cert
  if (tls.key !== undefined) result['key'] = tls.key
  if (tls.servername !== undefined) result['servername'] = tls.servername
  if (tls.rejectUnauthorized !== undefined) {
    result['rejectUnauthorized'] = tls.rejectUnauthorized
  }
  return result
}

import { LokiOptionsError } from './errors.js'

const PUSH_PATH = '/loki/api/v1/push'

/**
 * Turns the `url` option into the push URL. A base URL keeps its path
 * prefix (gateways, Grafana Cloud) and gets the push path appended without
 * doubling slashes; a URL that already ends in the push path is kept.
 * Credentials in the URL are taken out and returned for basic auth.
 */
export function pushUrl (value: unknown): {
  url: URL
  basicAuth: { username: string, password: string } | undefined
} {
  if (typeof value !== 'string' || !URL.canParse(value)) {
    throw new LokiOptionsError('url', 'must be an absolute http(s) URL',
      typeof value === 'string' ? redactUrl(value) : value)
  }
  const url = new URL(value)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LokiOptionsError('url', 'must use http: or https:',
      redactUrl(value))
  }
  const basicAuth = url.username === ''
    ? undefined
    : {
        username: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
      }
  url.username = ''
  url.password = ''
  url.hash = ''
  const path = url.pathname.replace(/\/+$/, '')
  url.pathname = path.endsWith(PUSH_PATH) ? path : path + PUSH_PATH
  return { url, basicAuth }
}

/**
 * A URL for an error message: anything between `//` and the last `@` may
 * be credentials (a password may hold `/` or `@`), so it is hidden.
 */
export function redactUrl (value: string): string {
  return value.replace(/\/\/.*@/, '//***@')
}

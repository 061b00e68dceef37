import { request, type Dispatcher } from 'undici'
import { classifyResponse } from './classify-response.js'
import { parseRetryAfter } from './backoff.js'
import type { PushBody } from './push-body.js'
import type { PushOutcome } from './push-outcome.js'

// Error answers are kept to their first line and this many bytes: enough
// for Loki's messages, and a hostile endless body cannot fill memory.
const MAX_ERROR_BYTES = 1024

/** Everything a push request needs that does not change between pushes. */
export interface PushTarget {
  readonly url: URL
  readonly dispatcher: Dispatcher
  /** Authorization, user agent and the user's extra headers. */
  readonly headers: Readonly<Record<string, string>>
  readonly timeoutMs: number
  readonly retryRateLimited: boolean
  readonly now: () => number
}

/**
 * Sends one push request and says what became of it. Never throws:
 * network errors and timeouts are retryable outcomes.
 */
export async function sendPush (
  target: PushTarget,
  body: PushBody,
  tenant: string,
  signal: AbortSignal,
): Promise<PushOutcome> {
  const headers: Record<string, string> = {
    ...target.headers,
    'content-type': body.contentType,
  }
  if (body.contentEncoding !== undefined) {
    headers['content-encoding'] = body.contentEncoding
  }
  if (tenant !== '') headers['x-scope-orgid'] = tenant
  const timeout = new AbortController()
  const timer = setTimeout(() => timeout.abort(), target.timeoutMs)
  try {
    const response = await request(target.url, {
      method: 'POST',
      dispatcher: target.dispatcher,
      headers,
      body: body.body,
      signal: AbortSignal.any([signal, timeout.signal]),
    })
    const status = response.statusCode
    if (status >= 200 && status < 300 && status !== 260) {
      await response.body.dump()
      return { kind: 'sent', status }
    }
    const error = await firstLine(response.body)
    const retryAfter = header(response.headers['retry-after'])
    return classifyResponse(status, error,
      parseRetryAfter(retryAfter, target.now()), target.retryRateLimited)
  } catch (error) {
    const reason = timeout.signal.aborted
      ? `request timed out after ${target.timeoutMs} ms`
      : describeNetworkError(error)
    return { kind: 'retry', status: undefined, error: reason,
      retryAfterMs: undefined }
  } finally {
    clearTimeout(timer)
  }
}

async function firstLine (body: Dispatcher.ResponseData['body']):
  Promise<string> {
  let text = ''
  try {
    for await (const chunk of body) {
      text += (chunk as Buffer).toString('utf8')
      if (text.length >= MAX_ERROR_BYTES || text.includes('\n')) break
    }
  } finally {
    body.destroy()
  }
  const line = text.split('\n', 1)[0] ?? ''
  return line.slice(0, MAX_ERROR_BYTES).trim()
}

function header (value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function describeNetworkError (error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const code = (error as { code?: unknown }).code
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ''
  return typeof code === 'string'
    ? `${code}: ${error.message}${cause}`
    : `${error.message}${cause}`
}

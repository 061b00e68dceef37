// Answers one HTTP request: routing, then for a push the injected fault
// (if any), gateway auth, tenant, decoding and ingestion.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { setTimeout as delay } from 'node:timers/promises'
import { isAuthorized } from './gateway-auth.js'
import { ingestPush } from './ingest.js'
import { bodyTooLarge, decodePushBody } from './push-body.js'
import { PushRejection } from './push-request.js'
import type { ReceiverState } from './receiver-state.js'
import { firstLine, type RequestRecord } from './request-log.js'
import { readRequestBody } from './request-body.js'
import { resolveTenant } from './tenant.js'

/** The path of Loki's push API; any prefix before it is accepted. */
export const PUSH_PATH = '/loki/api/v1/push'

/** Handles one request; never throws. */
export async function handleRequest (
  state: ReceiverState,
  request: IncomingMessage,
  response: ServerResponse
): Promise<void> {
  const startedMs = performance.now()
  const path = (request.url ?? '/').split('?', 1)[0] ?? '/'
  if (request.method === 'GET' && path.endsWith('/ready')) {
    response.writeHead(200, { 'content-type': 'text/plain' }).end('ready')
    return
  }

  let read
  try {
    read = await readRequestBody(request, state.options.limits.maxBodyBytes)
  } catch {
    return // the client went away mid-body; there is no one to answer
  }
  const { body, bytes } = read
  const record = state.log.arrive(request.method ?? '', path,
    request.headers, bytes)
  state.stats.arrived(bytes)
  state.waiters.notify()

  const send = (status: number, text = '', headers = {}): void => {
    answer(state, response, record, startedMs, { status, text, headers })
  }
  try {
    // A doubled slash is a client joining paths badly; refuse it loudly.
    if (!path.endsWith(PUSH_PATH) || path.includes('//')) {
      send(404, '404 page not found')
    } else if (request.method !== 'POST') {
      send(405, 'method not allowed', { allow: 'POST' })
    } else {
      const fault = await applyFault(state, request, record, send)
      if (fault === 'none') {
        send(...push(state, request, body, bytes, record))
      } else if (fault === 'reset after store') {
        push(state, request, body, bytes, record)
        request.socket.resetAndDestroy()
        noAnswer(state, record, 'connection reset after storing (injected)')
      }
    }
  } catch (error) {
    if (!response.headersSent) {
      send(500, `internal error: ${(error as Error).message}`)
    }
  }
}

/**
 * What is left to do for a push once its fault (if any) was applied:
 * process it normally, nothing (the fault answered or ended it), or store
 * it and then reset the connection.
 */
type AfterFault = 'none' | 'done' | 'reset after store'

/** Waits out a stall and applies the next fault. */
async function applyFault (
  state: ReceiverState,
  request: IncomingMessage,
  record: RequestRecord,
  send: (status: number, text?: string, headers?: object) => void
): Promise<AfterFault> {
  // close() lifts the stall after aborting, so this ends either way.
  await state.faults.passStall()
  if (state.closing.aborted) return ended(state, record, 'receiver closed')

  const step = state.faults.next()
  if (step === undefined) return 'none'
  if ('status' in step) {
    send(step.status, step.body ?? '', step.headers ?? {})
    return 'done'
  }
  if ('reset' in step) {
    request.socket.resetAndDestroy()
    return ended(state, record, 'connection reset (injected)')
  }
  if ('resetAfterStore' in step) return 'reset after store'
  if ('hang' in step) {
    // The response stays open; close() destroys the socket.
    return ended(state, record, 'never answered (injected hang)')
  }

  try {
    await delay(step.delayMs, undefined, { signal: state.closing })
    return 'none'
  } catch {
    return ended(state, record, 'receiver closed')
  }
}

function ended (
  state: ReceiverState,
  record: RequestRecord,
  why: string
): 'done' {
  noAnswer(state, record, why)
  return 'done'
}

function push (
  state: ReceiverState,
  request: IncomingMessage,
  body: Buffer,
  bytes: number,
  record: RequestRecord
): [number, string] {
  const { options } = state
  const { limits, version } = options
  if (options.auth !== undefined &&
    !isAuthorized(options.auth, request.headers.authorization)) {
    return [401, 'unauthorized']
  }

  try {
    // Loki's tenant check runs in middleware, before the body is read.
    const orgId = request.headers['x-scope-orgid']
    const tenant = resolveTenant(
      Array.isArray(orgId) ? orgId.join(',') : orgId, options.multiTenant)
    if (limits.maxBodyBytes > 0 && bytes > limits.maxBodyBytes) {
      throw bodyTooLarge(bytes, { version, maxBodyBytes: limits.maxBodyBytes })
    }
    const decoded = decodePushBody({
      contentType: request.headers['content-type'],
      contentEncoding: request.headers['content-encoding'],
      body,
      version,
      maxBodyBytes: limits.maxBodyBytes,
      labelCache: state.labelCache,
    })
    const outcome = ingestPush(decoded, {
      tenant,
      version,
      limits,
      nowMs: options.now(),
      bodyBytes: bytes,
      store: state.store,
      rateLimit: state.rateLimit,
    })
    record.entriesReceived = outcome.entriesReceived
    record.entriesStored = outcome.entriesStored
    state.stats.ingested(outcome.entriesReceived, outcome.entriesStored,
      outcome.duplicates, outcome.discards)
    return [outcome.status, outcome.body]
  } catch (error) {
    if (!(error instanceof PushRejection)) throw error
    return [error.status, error.message]
  }
}

function answer (
  state: ReceiverState,
  response: ServerResponse,
  record: RequestRecord,
  startedMs: number,
  reply: { status: number, text: string, headers: object }
): void {
  record.status = reply.status
  record.durationMs = performance.now() - startedMs
  if (reply.status >= 300 && reply.text !== '') {
    record.error = firstLine(reply.text)
  }
  state.stats.answered(reply.status)

  const empty = reply.status === 204 || reply.text === ''
  response.writeHead(reply.status, {
    ...(empty ? {} : { 'content-type': 'text/plain; charset=utf-8' }),
    ...reply.headers,
  })
  response.end(empty ? undefined : reply.text)
  state.waiters.notify()
}

function noAnswer (
  state: ReceiverState,
  record: RequestRecord,
  why: string
): void {
  record.error = why
  state.stats.answered(0)
  state.waiters.notify()
}

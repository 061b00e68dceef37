import type { Transform, Writable } from 'node:stream'
import { debuglog } from 'node:util'
import {
  DEFAULT_CLOSE_TIMEOUT_MS, LokiClient, LokiOptionsError, dropReportHandler,
  type DropReport,
} from '@lokits/core'
import build from 'pino-abstract-transport'
import { EntryBuilder, type PinoConfig } from './entry-builder.js'
import type { PinoTransportOptions } from './options.js'
import { emitInMainThread, inPinoWorker } from './pino-worker.js'
import { splitOptions } from './resolve-options.js'
import { Shipper } from './shipper.js'
import {
  DROP_EVENT, STATS_EVENT, type EmitEvent,
} from './transport-events.js'

const debug = debuglog('lokits')

// pino's main thread waits at most 10 s for its worker to close, then
// terminates it: the client's deadline must end first, so that what is
// still undelivered is counted rather than cut off.
const MAX_WORKER_CLOSE_TIMEOUT_MS = 9000

/** The stream the transport returns; pino writes its lines into it. */
export type LokiTransportStream = Transform & {
  /**
   * Sends every line written so far; resolves when each is delivered or
   * dropped. pino's `logger.flush(cb)` reaches it through the worker.
   */
  flush(): Promise<void>
}

/**
 * The pino transport: give its path as `target` to `pino.transport()` or
 * pino's `transport` option, or await it and pass the stream to `pino()`.
 *
 * @throws {LokiOptionsError} when an option is wrong. In a worker, pino
 * reports it as the transport stream's `error` event, a plain `Error` with
 * the same message whose `cause` holds `{ code, option }`.
 * @example
 * ```js
 * const logger = pino({ transport: { target: '@lokits/pino',
 *   options: { url: 'http://localhost:3100', labels: { service: 'api' } } } })
 * ```
 */
export default async function lokiTransport (
  options: PinoTransportOptions,
): Promise<LokiTransportStream> {
  const inWorker = inPinoWorker()
  try {
    return await startTransport(options, inWorker)
  } catch (error) {
    if (inWorker && error instanceof LokiOptionsError) keepAcrossThreads(error)
    throw error
  }
}

/**
 * pino hands a worker's error to the main thread through a structured
 * clone, which keeps an error's message, stack and `cause` but not its
 * own fields: the code and the option travel on as the `cause`.
 */
function keepAcrossThreads (error: LokiOptionsError): void {
  error.cause = { code: error.code, option: error.option }
}

async function startTransport (
  options: PinoTransportOptions, inWorker: boolean,
): Promise<LokiTransportStream> {
  const { client: clientOptions, mapping, statsIntervalMs } =
    splitOptions(options)
  const closeTimeoutMs = closeDeadline(clientOptions.closeTimeoutMs, inWorker)
  let emit: EmitEvent = inWorker ? emitInMainThread : () => {}
  const warn = dropReportHandler(clientOptions.onDropReport)
  const client = new LokiClient({
    ...clientOptions,
    // Drop reports always become events on the stream: the one way a
    // report crosses from pino's worker to the application.
    onDropReport: (report: DropReport) => {
      emit(DROP_EVENT, report)
      warn?.(report)
    },
  })
  const builder = new EntryBuilder(mapping)
  const shipper = new Shipper(client, builder)

  // Stats cross to the main thread as plain objects, on a timer that
  // never holds the worker open.
  const statsTimer = statsIntervalMs === 0
    ? undefined
    : setInterval(() => emit(STATS_EVENT, client.stats()), statsIntervalMs)
  statsTimer?.unref()

  const close = async (): Promise<void> => {
    clearInterval(statsTimer)
    try {
      await shipper.close(closeTimeoutMs)
    } catch (error) {
      debug('closing the client failed: %s', (error as Error)?.message)
    }
    emit(STATS_EVENT, client.stats())
  }
  const stream = await build((source) => {
    builder.usePinoConfig(source as Partial<PinoConfig>)
    shipper.start(source)
  }, { parseLine: shipper.parse, close, expectPinoConfig: inWorker })
  keepStrings(stream)
  splitOnNewline(stream)

  if (!inWorker) {
    emit = (name, payload) => { stream.emit(name, payload) }
    // In-process, pino() announces its configuration on the stream itself.
    stream.on('message', (message: { code?: unknown, config?: PinoConfig }) => {
      if (message?.code === 'PINO_CONFIG') builder.usePinoConfig(message.config)
    })
  }
  return Object.assign(stream, { flush: () => shipper.flush() })
}

/**
 * pino's worker writes strings, which the line splitter's writable side
 * would encode to a Buffer only for its string decoder to decode back
 * (a tenth of the work per line). The decoder passes strings through, so
 * the stream takes them as they come.
 */
function keepStrings (stream: Writable): void {
  const state = (stream as { _writableState?: { decodeStrings?: boolean } })
    ._writableState
  if (state?.decodeStrings === true) state.decodeStrings = false
}

/**
 * split2 cuts lines at `/\r?\n/`, a regular expression that costs six
 * times what a split at `'\n'` does. pino ends its lines with `\n`, or
 * `\r\n` with its `crlf` option, whose `\r` the line parser removes.
 */
function splitOnNewline (stream: Writable): void {
  const splitter = stream as { matcher?: unknown }
  if (splitter.matcher instanceof RegExp &&
      splitter.matcher.source === '\\r?\\n') {
    splitter.matcher = '\n'
  }
}

function closeDeadline (value: number | undefined, inWorker: boolean): number {
  const timeoutMs = value ?? DEFAULT_CLOSE_TIMEOUT_MS
  if (inWorker && timeoutMs > MAX_WORKER_CLOSE_TIMEOUT_MS) {
    throw new LokiOptionsError('closeTimeoutMs',
      `must be at most ${MAX_WORKER_CLOSE_TIMEOUT_MS} in pino's worker ` +
      'thread (pino stops waiting for it after 10 s)', value)
  }
  return timeoutMs
}

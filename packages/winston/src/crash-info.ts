import type { WinstonInfo } from './winston-info.js'

/**
 * What winston's exception and rejection handlers set on a transport that
 * handles them: `_ending` before they log the crash, and `parent`, the
 * logger the transport is piped from (absent when the transport is only in
 * `exceptionHandlers` or `rejectionHandlers`).
 */
export interface HandlerView {
  readonly _ending?: boolean
  readonly parent?: { readonly exitOnError?: unknown } | null
}

/**
 * Whether `info` is the crash report of winston's exception or rejection
 * handler, which then waits for the transport's 'finish' (3 s at most)
 * before it calls `process.exit(1)`.
 */
export function isCrashInfo (transport: HandlerView, info: WinstonInfo):
  boolean {
  return transport._ending === true &&
    (info['exception'] === true || info['rejection'] === true)
}

/**
 * Whether the handler will exit the process once the transport signals
 * 'finish'. Only a plain `exitOnError: true` is trusted: a predicate is
 * the application's code and is not called a second time, and a transport
 * without a parent cannot see the logger. In those cases the handler's
 * own 3 s limit ends the wait, and the crash entry, flushed at once, has
 * usually been delivered by then.
 */
export function handlerWillExit (transport: HandlerView): boolean {
  return transport.parent?.exitOnError === true
}

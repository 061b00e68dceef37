import type {
  LineFormat, LokiClientOptions, RecordFieldOptions,
} from '@lokits/core'
import type TransportStream from 'winston-transport'

export type { LineFormat }

/**
 * Options of a {@link LokiTransport}: every option of `LokiClient` under
 * the same name, winston's standard transport options, and how an `info`
 * object becomes a Loki entry.
 *
 * @example
 * ```js
 * new LokiTransport({
 *   url: 'http://localhost:3100',
 *   labels: { app: 'shop' },
 *   labelKeys: ['service'],
 *   metadataKeys: ['trace_id'],
 * })
 * ```
 */
export interface LokiTransportOptions
  extends LokiClientOptions, RecordFieldOptions {
  /**
   * Most severe level this transport ships, as in any winston transport.
   * @default the logger's level
   */
  readonly level?: string
  /**
   * Batch, encode, compress and push in a worker thread of the
   * transport's own, so that none of it takes the application's event
   * loop: the transport only turns each info into an entry and hands it
   * over. Hooks, `stats()`, drop reports and backpressure work as in the
   * application's thread. `spool`, `dispatcher`, `clock` and `random`
   * need the application's thread: with one of them the default is
   * `false`, and `true` is refused.
   * @default true
   */
  readonly worker?: boolean
  /** Ship nothing. @default false */
  readonly silent?: boolean
  /**
   * A winston format applied to every info before this transport sees it;
   * its output (`info[MESSAGE]`) becomes the line.
   * @default none: the logger's format alone
   */
  readonly format?: TransportStream.TransportStreamOptions['format']
  /**
   * Ship uncaught exceptions; with the logger's `exitOnError`, the crash
   * entry is delivered before the process exits.
   * @default false
   */
  readonly handleExceptions?: boolean
  /**
   * Ship unhandled promise rejections, like `handleExceptions`.
   * @default false
   */
  readonly handleRejections?: boolean
  /**
   * Name of the label that carries the level (uncolourised, from any level
   * set: npm, syslog or custom), or `false` for no level label.
   * @default 'level'
   */
  readonly levelLabel?: string | false
  /**
   * Build each line from the info instead of taking the winston format's
   * output: `'json'` (the info as JSON), `'logfmt'`, or `'message'`
   * (`info.message` alone; the rest travels in labels and metadata).
   * @default the format's output (`info[MESSAGE]`) when a format set one,
   * else `'json'`
   */
  readonly lineFormat?: LineFormat
  /**
   * Leave the fields named in `labelKeys` and `metadataKeys` out of lines
   * the transport builds (`lineFormat`, or no format's output). A line a
   * winston format produced is shipped as it is.
   * @default false
   */
  readonly omitPromotedKeys?: boolean
}

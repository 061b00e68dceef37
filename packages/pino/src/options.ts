import type {
  LineFormat, LokiClientOptions, RecordFieldOptions,
} from '@lokits/core'

export type { LineFormat }

/**
 * Options of the `@lokits/pino` transport: the core client's options with
 * the same names, plus how pino records map to labels, structured metadata
 * and lines.
 *
 * In a worker thread (`pino({ transport })`, `pino.transport()`) the options
 * are copied by structured clone, so functions cannot cross: `onDrop`,
 * `onError`, `onRetry`, `clock`, `random` and `dispatcher` work only when
 * the transport runs in-process. In a worker, drops reach the main thread
 * as `lokits:drop` events on the transport stream instead, and
 * `closeTimeoutMs` may be at most 9000: pino stops waiting for its worker
 * to close after 10 s.
 *
 * @example
 * ```js
 * pino({ transport: { target: '@lokits/pino', options: {
 *   url: 'http://localhost:3100', labels: { service: 'api' },
 *   labelKeys: ['component'], metadataKeys: ['trace_id'] } } })
 * ```
 */
export interface PinoTransportOptions
  extends LokiClientOptions, RecordFieldOptions {
  /**
   * Name of the label that carries the level's name (pino's own names,
   * custom levels included), or `false` for no level label.
   * @default 'level'
   */
  readonly levelLabel?: string | false
  /**
   * The entry's line: `json` is the record exactly as pino wrote it,
   * `message` only its message (pino's `messageKey`), `logfmt` the record
   * as `key=value` pairs with the level's name.
   * @default 'json'
   */
  readonly lineFormat?: LineFormat
  /**
   * Leave the top-level fields named in `labelKeys` and `metadataKeys` out
   * of `json` and `logfmt` lines: they are in the entry already.
   * @default false
   */
  readonly omitPromotedKeys?: boolean
  /**
   * Level names by number for records whose logger's configuration does
   * not reach the transport (pipe mode, or a stream used outside pino).
   * Inside pino, its `customLevels` arrive on their own.
   * @default {}
   */
  readonly customLevels?: Readonly<Record<string, number>>
  /**
   * How often the client's stats are sent as a `lokits:stats` event on
   * the transport stream (in the main thread when the transport runs in
   * pino's worker), for `transportStats()` and Prometheus. `0` sends them
   * only once, when the transport has closed, so that the one event is
   * the final account.
   * @default 0
   */
  readonly statsIntervalMs?: number
}

import type { StreamLabels } from './stream-labels.js'

/**
 * An entry the client holds: validated, with its stream resolved and its
 * final timestamp fixed, so that every resend carries the same timestamp
 * and Loki's de-duplication makes retries safe.
 */
export class QueuedEntry {
  constructor (
    readonly tenant: string,
    readonly stream: StreamLabels,
    readonly seconds: number,
    readonly nanos: number,
    readonly line: string,
    /** UTF-8 length of `line`. */
    readonly lineBytes: number,
    /** Structured metadata as `[name, value, ...]`. */
    readonly metadata: readonly string[] | undefined,
    /** The entry's JSON value, when the client sends JSON bodies. */
    readonly json: string | undefined,
    /** The entry's encoded size in the body format of the client. */
    readonly size: number,
    /** Order of arrival across the client, for `drop-oldest`. */
    readonly sequence: number,
    /** When it was queued, in the client clock's milliseconds. */
    readonly queuedAt: number,
  ) {}
}

// What a push body decodes to, whatever its wire format, and the error
// that answers a whole request with one status.
import type { EntryRows } from './entry-rows.js'

/** A label or structured-metadata pair, as pushed. */
export interface LabelPair {
  readonly name: string
  readonly value: string
}

/** One stream of a decoded push; labels are valid, sorted and non-empty. */
export interface DecodedStream {
  readonly labels: readonly LabelPair[]
  /** The canonical label string of the labels, as Loki prints it. */
  readonly stream: string
  /** Its entries are the push's rows from `firstRow` to before `endRow`. */
  readonly firstRow: number
  readonly endRow: number
}

/** A decoded push request: its streams, and the rows of their entries. */
export interface DecodedPush {
  readonly streams: readonly DecodedStream[]
  readonly rows: EntryRows
}

/** One entry of a push as plain values. */
export interface PlainEntry {
  readonly timestampNs: bigint
  readonly line: string
  /** UTF-8 size of the line, which is what Loki's limits count. */
  readonly lineBytes: number
  readonly structuredMetadata: readonly LabelPair[]
}

/** One stream of a push as plain values. */
export interface PlainStream {
  readonly labels: readonly LabelPair[]
  readonly stream: string
  readonly entries: readonly PlainEntry[]
}

/** A push as plain values, for tests of an encoder. */
export interface PlainPush {
  readonly streams: readonly PlainStream[]
}

/** A request refused as a whole: nothing of it is stored. */
export class PushRejection extends Error {
  constructor (readonly status: number, message: string) {
    super(message)
    this.name = 'PushRejection'
  }
}

// What a push body decodes to, whatever its wire format, and the error
// that answers a whole request with one status.

/** A label or structured-metadata pair, as pushed. */
export interface LabelPair {
  readonly name: string
  readonly value: string
}

/** One entry of a decoded push. */
export interface DecodedEntry {
  readonly timestampNs: bigint
  readonly line: string
  /** UTF-8 size of the line, which is what Loki's limits count. */
  readonly lineBytes: number
  readonly structuredMetadata: readonly LabelPair[]
}

/** No pairs: the structured metadata of most entries, shared. */
export const NO_PAIRS: readonly LabelPair[] = Object.freeze([])

/** One stream of a decoded push; labels are valid, sorted and non-empty. */
export interface DecodedStream {
  readonly labels: readonly LabelPair[]
  /** The canonical label string of the labels, as Loki prints it. */
  readonly stream: string
  readonly entries: readonly DecodedEntry[]
}

/** A decoded push request. */
export interface DecodedPush {
  readonly streams: readonly DecodedStream[]
}

/** A request refused as a whole: nothing of it is stored. */
export class PushRejection extends Error {
  constructor (readonly status: number, message: string) {
    super(message)
    this.name = 'PushRejection'
  }
}

/** Counts the entries of a decoded push. */
export function countEntries (push: DecodedPush): number {
  let count = 0
  for (const stream of push.streams) count += stream.entries.length
  return count
}

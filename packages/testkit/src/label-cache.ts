// The labels of each label string already read. A client sends the same
// few label strings in push after push; reading and checking each one
// once makes that work per stream instead of per stream and push.
import type { LabelPair } from './push-request.js'

/** A stream's labels after Loki's rules, and its canonical label string. */
export interface StreamLabels {
  readonly labels: readonly LabelPair[]
  readonly stream: string
}

/**
 * Label strings remembered at most. Past it the cache starts over, which
 * bounds its memory when a client sends ever new label sets.
 */
const MAX_LABEL_STRINGS = 10_000

/**
 * Label strings and what they read as. One cache serves one receiver, so
 * one Loki version: the rules applied depend on it.
 */
export class LabelCache {
  private readonly known = new Map<string, StreamLabels>()

  /**
   * The labels of `source`, as `read` found them the first time. A label
   * string that `read` refuses (by throwing) is not remembered.
   */
  labels (source: string, read: (source: string) => StreamLabels): StreamLabels {
    const known = this.known.get(source)
    if (known !== undefined) return known

    const labels = read(source)
    if (this.known.size >= MAX_LABEL_STRINGS) this.known.clear()
    this.known.set(source, labels)
    return labels
  }
}

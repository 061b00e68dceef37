// The labels of each label string already read. A client sends the same
// few label strings in push after push; reading and checking each one
// once makes that work per stream instead of per stream and push.
import { LabelParseError, parseLabelString } from './label-parser.js'
import { formatLabels, invalidLabels, normalizeLabels } from './label-set.js'
import type { LokiVersion } from './limits.js'
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
   * The labels of `source` by Loki's rules for `version`, read the first
   * time. A label string that fails them (by throwing) is not remembered.
   */
  labels (source: string, version: LokiVersion): StreamLabels {
    const known = this.known.get(source)
    if (known !== undefined) return known

    const labels = readLabels(source, version)
    if (this.known.size >= MAX_LABEL_STRINGS) this.known.clear()
    this.known.set(source, labels)
    return labels
  }
}

function readLabels (source: string, version: LokiVersion): StreamLabels {
  let pairs: LabelPair[]
  try {
    pairs = parseLabelString(source)
  } catch (error) {
    if (error instanceof LabelParseError) {
      throw invalidLabels(source, error.message)
    }
    throw error
  }
  const labels = normalizeLabels(pairs, version, source)
  return { labels, stream: formatLabels(labels) }
}

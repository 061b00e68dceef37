import {
  formatLabels, limitLabelValue, sanitizeLabelName,
} from './label-string.js'
import { valueToString } from './safe-json.js'

/**
 * A stream's labels, formatted once for both body encodings, with the
 * newest timestamp given to one of its entries.
 */
export interface StreamLabels {
  /** The label string, `{a="1", b="2"}`: the stream's identity. */
  readonly key: string
  /** The labels as a JSON object, for JSON bodies. */
  readonly json: string
  /** A hash of `key`, to spread streams over lanes. */
  readonly hash: number
  newestSeconds: number
  newestNanos: number
}

/** Limits Loki puts on a stream's labels. */
export interface LabelLimits {
  readonly maxLabels: number
  readonly maxLabelNameBytes: number
  readonly maxLabelValueBytes: number
}

// Loki 3 gives a stream without labels this one; Loki 2 refuses the
// request. Sending it ourselves works with both.
const FALLBACK_LABEL = 'service_name'
const FALLBACK_VALUE = 'unknown_service'
// Distinct label sets remembered before the cache starts over. A stream
// that falls out and comes back starts its timestamp history afresh, so
// two identical lines in the same millisecond across that moment could
// still share a timestamp: rare enough to accept for bounded memory.
const CACHE_SIZE = 4096

/**
 * Turns static labels plus an entry's own labels into a stream, applying
 * Loki's rules on the client so that no label set can fail a push. Results
 * are cached by the entry's raw labels: repeated label sets cost one map
 * lookup.
 */
export class StreamResolver {
  /** Label sets whose names or values had to be cut to Loki's limits. */
  fixedLabelSets = 0

  readonly #limits: LabelLimits
  readonly #static: ReadonlyMap<string, string>
  readonly #staticStream: StreamLabels | undefined
  readonly #cache = new Map<string, StreamLabels | undefined>()
  // One object per label string: raw label sets that differ but sanitize
  // to the same stream (`a.b` and `a_b`) must share its timestamp history.
  readonly #streams = new Map<string, StreamLabels>()
  // Label objects that cannot change (the adapters' frozen level labels),
  // by identity: they cost one lookup instead of a key built per entry.
  #constants = new WeakMap<object, StreamLabels>()
  // The constant label set seen last, and its stream: consecutive entries
  // mostly share their level.
  #lastConstant: object | undefined
  #lastStream: StreamLabels | undefined

  constructor (labels: Readonly<Record<string, unknown>>, limits: LabelLimits) {
    this.#limits = limits
    this.#static = this.#sanitize(labels, new Map())
    this.#staticStream = this.#stream(this.#static)
  }

  /**
   * The stream for an entry's labels, or undefined when no valid stream
   * can be made (more labels than `maxLabels`).
   */
  resolve (labels: Readonly<Record<string, unknown>> | undefined):
    StreamLabels | undefined {
    if (labels === undefined) return this.#staticStream
    if (labels === this.#lastConstant) return this.#lastStream
    const known = this.#constants.get(labels)
    if (known !== undefined) return this.#remember(labels, known)
    const stream = this.#resolve(labels)
    if (stream !== undefined && isConstant(labels)) {
      this.#constants.set(labels, stream)
      return this.#remember(labels, stream)
    }
    return stream
  }

  /** Makes `labels` the constant label set checked first next time. */
  #remember (labels: object, stream: StreamLabels): StreamLabels {
    this.#lastConstant = labels
    this.#lastStream = stream
    return stream
  }

  #resolve (labels: Readonly<Record<string, unknown>>):
    StreamLabels | undefined {
    let key = ''
    for (const name in labels) {
      const value = labels[name]
      // Objects have no cheap key of their own: resolve them every time.
      if (typeof value === 'object' && value !== null) return this.#build(labels)
      key += name + '\u0000' + String(value) + '\u0001'
    }
    if (key === '') return this.#staticStream
    if (this.#cache.has(key)) return this.#cache.get(key)
    const stream = this.#build(labels)
    if (this.#cache.size >= CACHE_SIZE) {
      this.#cache.clear()
      this.#streams.clear()
      this.#constants = new WeakMap()
      this.#lastConstant = undefined
      this.#lastStream = undefined
    }
    this.#cache.set(key, stream)
    return stream
  }

  #build (labels: Readonly<Record<string, unknown>>): StreamLabels | undefined {
    return this.#stream(this.#sanitize(labels, new Map(this.#static)))
  }

  #sanitize (
    labels: Readonly<Record<string, unknown>>, into: Map<string, string>,
  ): Map<string, string> {
    const { maxLabelNameBytes, maxLabelValueBytes } = this.#limits
    let cut = false
    for (const rawName of Object.keys(labels)) {
      const raw = valueToString(labels[rawName])
      const name = sanitizeLabelName(rawName, maxLabelNameBytes)
      // Loki ignores labels with empty values; dropping them here keeps
      // the stream identity the same on both sides.
      if (raw === undefined || raw === '') {
        into.delete(name)
        continue
      }
      const value = limitLabelValue(raw, maxLabelValueBytes)
      cut ||= value !== raw || rawName.length > maxLabelNameBytes
      into.set(name, value)
    }
    if (cut) this.fixedLabelSets++
    return into
  }

  #stream (labels: ReadonlyMap<string, string>): StreamLabels | undefined {
    if (labels.size > this.#limits.maxLabels) return undefined
    const pairs = labels.size === 0
      ? [[FALLBACK_LABEL, FALLBACK_VALUE] as const]
      : [...labels].sort((a, b) => (a[0] < b[0] ? -1 : 1))
    const json = '{' + pairs
      .map(([name, value]) => JSON.stringify(name) + ':' +
        JSON.stringify(value.toWellFormed()))
      .join(',') + '}'
    const key = formatLabels(pairs)
    const known = this.#streams.get(key)
    if (known !== undefined) return known
    const stream = { key, json, hash: hash(key), newestSeconds: 0,
      newestNanos: 0 }
    this.#streams.set(key, stream)
    return stream
  }
}

/**
 * Whether a labels object can never give other labels: frozen, with only
 * data properties of primitive values, and nothing inherited to iterate.
 */
function isConstant (labels: object): boolean {
  if (!Object.isFrozen(labels)) return false
  const prototype: unknown = Object.getPrototypeOf(labels)
  if (prototype !== Object.prototype && prototype !== null) return false
  for (const property of Object.values(
    Object.getOwnPropertyDescriptors(labels))) {
    if (!('value' in property)) return false
    const value: unknown = property.value
    if ((typeof value === 'object' && value !== null) ||
        typeof value === 'function') return false
  }
  return true
}

// FNV-1a: cheap, and spreads similar label strings well.
function hash (text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  }
  return h >>> 0
}

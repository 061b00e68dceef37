// The rules Loki applies to a stream's labels once read, whatever the
// body format: valid and unreserved names, no duplicates, empty values
// dropped, at least one label; and the canonical form of the set.
import { quoteGoString } from './go-string.js'
import type { LokiVersion } from './limits.js'
import { PushRejection, type LabelPair } from './push-request.js'

const VALID_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/** The label Loki 3 gives a stream that arrives without any. */
export const UNKNOWN_SERVICE: LabelPair = {
  name: 'service_name',
  value: 'unknown_service',
}

/** True when `name` is shaped as a label name may be. */
export function isLabelName (name: string): boolean {
  return VALID_NAME.test(name)
}

/**
 * Checks and canonicalises the labels of one stream. Throws a 400
 * `PushRejection` for the whole request when they break a rule, because
 * Loki fails the whole request on one bad label string.
 *
 * @param source - the label string as received, for the error message
 */
export function normalizeLabels (
  pairs: readonly LabelPair[],
  version: LokiVersion,
  source: string
): LabelPair[] {
  const seen = new Set<string>()
  for (const { name } of pairs) {
    if (!isLabelName(name)) invalid(source, `invalid label name '${name}'`)
    if (name.startsWith('__')) {
      invalid(source, `label name '${name}' is reserved`)
    }
    if (seen.has(name)) invalid(source, `duplicate label name '${name}'`)
    seen.add(name)
  }

  const kept = pairs.filter((pair) => pair.value !== '')
  if (kept.length === 0) {
    if (version === 2) {
      throw new PushRejection(400,
        'error at least one label pair is required per stream')
    }
    return [UNKNOWN_SERVICE]
  }

  // Names are ASCII, so code-unit order is Go's byte order.
  return kept.sort((a, b) => (a.name < b.name ? -1 : 1))
}

/** Formats sorted labels as Loki prints a stream: `{a="1", b="2"}`. */
export function formatLabels (pairs: readonly LabelPair[]): string {
  const parts = pairs.map(({ name, value }) =>
    `${name}=${quoteGoString(value)}`)
  return `{${parts.join(', ')}}`
}

/** Pairs as a plain record, for the receiver's readers. */
export function labelRecord (
  pairs: readonly LabelPair[]
): Record<string, string> {
  const record: Record<string, string> = {}
  for (const { name, value } of pairs) {
    // A name the record has already, inherited ones included, takes
    // defineProperty: assigning `__proto__` would set the prototype.
    if (name in record) {
      Object.defineProperty(record, name, {
        value, enumerable: true, writable: true, configurable: true,
      })
    } else {
      record[name] = value
    }
  }
  return record
}

/** The whole-request rejection for a label string Loki cannot read. */
export function invalidLabels (source: string, problem: string): PushRejection {
  return new PushRejection(400,
    `Error parsing labels '${source}' with error: ${problem}`)
}

function invalid (source: string, problem: string): never {
  throw invalidLabels(source, problem)
}

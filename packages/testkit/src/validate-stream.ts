// Stream-level checks: a stream that fails one loses all its entries
// while the other streams of the request are still stored.
import { invalidEntries, type Discard } from './discard.js'
import type { LokiLimits } from './limits.js'
import type { LabelPair } from './push-request.js'

/**
 * Checks a stream's labels against the limits, in Loki's order: label
 * count, then each name and value length.
 *
 * @param stream - the canonical label string, for the message
 */
export function validateStream (
  labels: readonly LabelPair[],
  stream: string,
  entries: number,
  limits: LokiLimits
): Discard | undefined {
  const maxNames = limits.maxLabelNamesPerSeries
  if (maxNames > 0 && labels.length > maxNames) {
    return invalidEntries(
      'max_label_names_per_series',
      `entry for stream '${stream}' has ${labels.length} label names; ` +
        `limit ${maxNames}`,
      entries
    )
  }

  for (const { name, value } of labels) {
    if (tooLong(name, limits.maxLabelNameLength)) {
      return invalidEntries(
        'label_name_too_long',
        `stream '${stream}' has label name too long: '${name}'`,
        entries
      )
    }
    if (tooLong(value, limits.maxLabelValueLength)) {
      return invalidEntries(
        'label_value_too_long',
        `stream '${stream}' has label value too long: '${value}'`,
        entries
      )
    }
  }
  return undefined
}

function tooLong (text: string, maxBytes: number): boolean {
  return maxBytes > 0 && Buffer.byteLength(text) > maxBytes
}

// Entry-level checks, in Loki's order: too old, too new, line size,
// structured metadata. A failing entry is refused alone.
import { invalidEntries, type Discard } from './discard.js'
import type { LokiLimits } from './limits.js'
import type { DecodedEntry } from './push-request.js'
import { formatRfc3339, msToNs } from './timestamps.js'

/** Checks entries against the limits at one moment (one push's). */
export class EntryValidator {
  /** Entries older than this are refused; undefined when no limit. */
  private readonly oldestNs: bigint | undefined
  /** Entries newer than this are refused; undefined when no limit. */
  private readonly newestNs: bigint | undefined

  constructor (private readonly limits: LokiLimits, nowMs: number) {
    this.oldestNs = limits.rejectOldSamplesMaxAgeMs > 0
      ? msToNs(nowMs - limits.rejectOldSamplesMaxAgeMs)
      : undefined
    this.newestNs = limits.creationGracePeriodMs > 0
      ? msToNs(nowMs + limits.creationGracePeriodMs)
      : undefined
  }

  /**
   * Checks one entry.
   *
   * @param stream - the canonical label string, for the message
   */
  validate (entry: DecodedEntry, stream: string): Discard | undefined {
    const ts = entry.timestampNs
    const { oldestNs, newestNs, limits } = this
    if (oldestNs !== undefined && ts < oldestNs) {
      return invalidEntries(
        'greater_than_max_sample_age',
        `entry for stream '${stream}' has timestamp too old: ` +
          `${formatRfc3339(ts)}, oldest acceptable timestamp is: ` +
          formatRfc3339(oldestNs)
      )
    }

    if (newestNs !== undefined && ts > newestNs) {
      return invalidEntries(
        'too_far_in_future',
        `entry for stream '${stream}' has timestamp too new: ` +
          formatRfc3339(ts)
      )
    }

    if (limits.maxLineSize > 0 && entry.lineBytes > limits.maxLineSize) {
      return invalidEntries(
        'line_too_long',
        `Max entry size '${limits.maxLineSize}' bytes exceeded for stream ` +
          `'${stream}' while adding an entry with length ` +
          `'${entry.lineBytes}' bytes`
      )
    }

    if (entry.structuredMetadata.length === 0) return undefined
    return validateMetadata(entry, stream, limits)
  }
}

function validateMetadata (
  entry: DecodedEntry,
  stream: string,
  limits: LokiLimits
): Discard | undefined {
  const pairs = entry.structuredMetadata
  let bytes = 0
  for (const { name, value } of pairs) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value)
  }

  const maxBytes = limits.maxStructuredMetadataSize
  if (maxBytes > 0 && bytes > maxBytes) {
    return invalidEntries(
      'structured_metadata_too_large',
      `stream '${stream}' has structured metadata too large: '${bytes}' ` +
        `bytes, limit: '${maxBytes}' bytes. Please see ` +
        '`limits_config.max_structured_metadata_size` or contact your ' +
        'Loki administrator to increase it.'
    )
  }

  const maxPairs = limits.maxStructuredMetadataEntries
  if (maxPairs > 0 && pairs.length > maxPairs) {
    return invalidEntries(
      'structured_metadata_too_many',
      `stream '${stream}' has too many structured metadata labels: ` +
        `'${pairs.length}', limit: '${maxPairs}'. Please see ` +
        '`limits_config.max_structured_metadata_entries_count` or contact ' +
        'your Loki administrator to increase it.'
    )
  }
  return undefined
}

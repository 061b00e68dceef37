// Entry-level checks, in Loki's order: too old, too new, line size,
// structured metadata. A failing entry is refused alone.
import { invalidEntries, type Discard } from './discard.js'
import type { EntryRows } from './entry-rows.js'
import type { LokiLimits } from './limits.js'
import type { LabelPair } from './push-request.js'
import { isBefore, pairFromNs, type TimestampPair } from './timestamp-pair.js'
import { formatRfc3339, msToNs } from './timestamps.js'

/** A byte of UTF-8 decodes to at most 3 (U+FFFD for an invalid byte). */
const MAX_DECODED_PER_BYTE = 3

/** Checks entries against the limits at one moment (one push's). */
export class EntryValidator {
  /** Entries older than this are refused; undefined when no limit. */
  private readonly oldestNs: bigint | undefined
  private readonly oldest: TimestampPair | undefined
  /** Entries newer than this are refused; undefined when no limit. */
  private readonly newest: TimestampPair | undefined

  constructor (private readonly limits: LokiLimits, nowMs: number) {
    this.oldestNs = limits.rejectOldSamplesMaxAgeMs > 0
      ? msToNs(nowMs - limits.rejectOldSamplesMaxAgeMs)
      : undefined
    this.oldest = this.oldestNs === undefined
      ? undefined
      : pairFromNs(this.oldestNs)
    this.newest = limits.creationGracePeriodMs > 0
      ? pairFromNs(msToNs(nowMs + limits.creationGracePeriodMs))
      : undefined
  }

  /**
   * Checks one entry, row `row` of `rows`.
   *
   * @param stream - the canonical label string, for the message
   */
  validate (rows: EntryRows, row: number, stream: string): Discard | undefined {
    const seconds = rows.seconds[row] as number
    const nanos = rows.nanos[row] as number
    const { oldest, newest, limits } = this
    if (oldest !== undefined &&
      isBefore(seconds, nanos, oldest.seconds, oldest.nanos)) {
      return invalidEntries(
        'greater_than_max_sample_age',
        `entry for stream '${stream}' has timestamp too old: ` +
          `${formatRfc3339(rows.timestampNs(row))}, oldest acceptable ` +
          `timestamp is: ${formatRfc3339(this.oldestNs ?? 0n)}`
      )
    }

    if (newest !== undefined &&
      isBefore(newest.seconds, newest.nanos, seconds, nanos)) {
      return invalidEntries(
        'too_far_in_future',
        `entry for stream '${stream}' has timestamp too new: ` +
          formatRfc3339(rows.timestampNs(row))
      )
    }

    const lineBytes = rows.lineLength[row] as number
    if (limits.maxLineSize > 0 && lineBytes > limits.maxLineSize) {
      return invalidEntries(
        'line_too_long',
        `Max entry size '${limits.maxLineSize}' bytes exceeded for stream ` +
          `'${stream}' while adding an entry with length ` +
          `'${lineBytes}' bytes`
      )
    }

    if (rows.pairCount[row] === 0) return undefined
    return validateMetadata(rows, row, stream, limits)
  }
}

function validateMetadata (
  rows: EntryRows,
  row: number,
  stream: string,
  limits: LokiLimits
): Discard | undefined {
  const maxBytes = limits.maxStructuredMetadataSize
  // Loki counts the bytes of the names and values as strings, that is
  // with invalid UTF-8 replaced. Decoding never makes more than three
  // bytes of one, so a small total is under the limit without decoding.
  const raw = rows.metadataByteLength(row)
  if (maxBytes > 0 && raw * MAX_DECODED_PER_BYTE > maxBytes) {
    const bytes = decodedByteLength(rows.metadata(row))
    if (bytes > maxBytes) {
      return invalidEntries(
        'structured_metadata_too_large',
        `stream '${stream}' has structured metadata too large: ` +
          `'${bytes}' bytes, limit: '${maxBytes}' bytes. Please see ` +
          '`limits_config.max_structured_metadata_size` or contact your ' +
          'Loki administrator to increase it.'
      )
    }
  }

  const count = rows.pairCount[row] as number
  const maxPairs = limits.maxStructuredMetadataEntries
  if (maxPairs > 0 && count > maxPairs) {
    return invalidEntries(
      'structured_metadata_too_many',
      `stream '${stream}' has too many structured metadata labels: ` +
        `'${count}', limit: '${maxPairs}'. Please see ` +
        '`limits_config.max_structured_metadata_entries_count` or contact ' +
        'your Loki administrator to increase it.'
    )
  }
  return undefined
}

function decodedByteLength (pairs: readonly LabelPair[]): number {
  let bytes = 0
  for (const { name, value } of pairs) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value)
  }
  return bytes
}

import type { DropReason } from './errors.js'
import type { LokiEntry } from './entry.js'
import type { EntryWriter } from './entry-writer.js'
import type { QueuedEntry } from './queued-entry.js'
import type { ResolvedOptions } from './resolve-options.js'
import { isValidTenant } from './resolve-options.js'
import { valueToString } from './safe-json.js'
import type { Counters } from './stats.js'
import { StreamResolver } from './stream-labels.js'
import { readMetadata } from './structured-metadata.js'
import { fromMilliseconds, readTimestamp, type Instant } from './timestamp.js'
import { makeUnique } from './unique-timestamp.js'
import { truncateUtf8 } from './utf8.js'

const TRUNCATED = '…[truncated]'
const TRUNCATED_BYTES = Buffer.byteLength(TRUNCATED)

/**
 * Turns what a caller pushed into a {@link QueuedEntry}: resolves its
 * stream, fixes its timestamp for good, applies Loki's limits, and writes
 * its record. Bad input becomes a fixed entry or a drop reason, never an
 * exception.
 */
export class EntryPreparer {
  readonly #options: ResolvedOptions
  readonly #counters: Counters
  readonly #streams: StreamResolver
  readonly #writer: EntryWriter
  // Reused for every entry: reading a timestamp allocates nothing.
  readonly #at: Instant = { seconds: 0, nanos: 0 }
  #sequence = 0

  constructor (
    options: ResolvedOptions, counters: Counters, writer: EntryWriter,
  ) {
    this.#options = options
    this.#counters = counters
    this.#writer = writer
    this.#streams = new StreamResolver(options.labels, options)
  }

  /** The sequence number of the last entry prepared. */
  get sequence (): number {
    return this.#sequence
  }

  /**
   * The entry queued as it will be sent, or why it cannot be. An entry
   * that makes reading it throw (a getter, a proxy) is `invalid`.
   */
  prepare (entry: LokiEntry, now: number): QueuedEntry | DropReason {
    try {
      return this.#prepare(entry, now)
    } catch {
      return 'invalid'
    }
  }

  #prepare (entry: LokiEntry, now: number): QueuedEntry | DropReason {
    const options = this.#options
    const tenant = entry.tenant ?? options.tenant
    if (tenant !== options.tenant &&
        (typeof tenant !== 'string' || !isValidTenant(tenant))) {
      return 'invalid'
    }
    const stream = this.#streams.resolve(entry.labels)
    this.#counters.fixed.labelSets = this.#streams.fixedLabelSets
    if (stream === undefined) return 'invalid'

    const at = this.#at
    if (!this.#readTime(entry.timestamp, now)) return 'invalid'
    const ms = at.seconds * 1000 + at.nanos / 1e6
    if (now - ms > options.maxEntryAgeMs) return 'timestamp_too_old'
    if (ms - now > options.creationGracePeriodMs) return 'timestamp_too_new'
    if (options.uniqueTimestamps) makeUnique(stream, at)

    let line = typeof entry.line === 'string'
      ? entry.line
      : valueToString(entry.line) ?? ''
    // Only a line of more UTF-16 units than a third of the limit can be
    // too long: the others are not measured.
    if (line.length * 3 > options.maxLineBytes &&
        Buffer.byteLength(line) > options.maxLineBytes) {
      if (options.lineTooLong === 'drop') return 'line_too_long'
      line = truncateUtf8(line, options.maxLineBytes - TRUNCATED_BYTES) +
        TRUNCATED
      this.#counters.fixed.lines++
    }
    const metadata = readMetadata(entry.structuredMetadata,
      this.#counters.fixed)
    return this.#writer.write(tenant, stream, at.seconds, at.nanos, line,
      metadata, ++this.#sequence, now)
  }

  /**
   * Reads the entry's timestamp into `#at`; a missing or unreadable one
   * becomes `now` (an unreadable one is counted as fixed).
   */
  #readTime (input: unknown, now: number): boolean {
    if (input !== undefined) {
      if (readTimestamp(input, this.#at)) return true
      this.#counters.fixed.timestamps++
    }
    return fromMilliseconds(now, this.#at)
  }
}

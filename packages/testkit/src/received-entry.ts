// What readers of the receiver get: stored entries and streams as frozen
// plain objects, made from the stored rows when first read.
import type { EntryRows } from './entry-rows.js'
import { labelRecord } from './label-set.js'

/** One stored entry. */
export interface ReceivedEntry {
  /** `X-Scope-OrgID`, or `fake` when multi-tenancy is off (as Loki). */
  readonly tenant: string
  /** The stream's labels, after Loki's rules (sorted, no empty values). */
  readonly labels: Readonly<Record<string, string>>
  /** The canonical label string of the stream, as Loki prints it. */
  readonly stream: string
  /** Unix time in integer nanoseconds, as a decimal string. */
  readonly timestamp: string
  /** The log line as stored. */
  readonly line: string
  /** Structured metadata; empty when none was sent (or on Loki 2). */
  readonly structuredMetadata: Readonly<Record<string, string>>
}

/** One stored stream and its entries in storage order. */
export interface ReceivedStream {
  /** The stream's tenant, as for {@link ReceivedEntry.tenant}. */
  readonly tenant: string
  /** The stream's labels, after Loki's rules. */
  readonly labels: Readonly<Record<string, string>>
  /** The canonical label string. */
  readonly stream: string
  /** Its entries, in storage order. */
  readonly entries: readonly ReceivedEntry[]
}

/** What the entries of one stream share. */
export interface StreamIdentity {
  readonly tenant: string
  readonly labels: Readonly<Record<string, string>>
  readonly stream: string
}

const NO_METADATA: Readonly<Record<string, string>> = Object.freeze({})

/** The entry of row `row` of a stream's rows. */
export function receivedEntry (
  stream: StreamIdentity,
  rows: EntryRows,
  row: number
): ReceivedEntry {
  return Object.freeze({
    tenant: stream.tenant,
    labels: stream.labels,
    stream: stream.stream,
    timestamp: rows.timestamp(row),
    line: rows.line(row),
    structuredMetadata: rows.pairCount[row] === 0
      ? NO_METADATA
      : Object.freeze(labelRecord(rows.metadata(row))),
  })
}

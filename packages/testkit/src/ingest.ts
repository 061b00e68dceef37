// The path of a decoded push through Loki's rules: empty-request check,
// tenant rate limit, stream and entry validation, then storage. Valid
// entries are stored even when others are refused (partial success).
import type { Discard } from './discard.js'
import type { EntryStore } from './entry-store.js'
import type { LokiLimits, LokiVersion } from './limits.js'
import type { DecodedPush } from './push-request.js'
import type { TokenBucket } from './token-bucket.js'
import { EntryValidator } from './validate-entry.js'
import { validateStream } from './validate-stream.js'

/** Error lines listed in one answer; the rest are counted. */
const MAX_MESSAGES = 10

/** Everything a push is checked against. */
export interface IngestContext {
  readonly tenant: string
  readonly version: LokiVersion
  readonly limits: LokiLimits
  readonly nowMs: number
  /** Size of the body as received, which the rate limit counts. */
  readonly bodyBytes: number
  readonly store: EntryStore
  readonly rateLimit: TokenBucket | undefined
}

/** What became of a push, and the answer it gets. */
export interface IngestOutcome {
  readonly status: number
  /** The text/plain answer; empty on success. */
  readonly body: string
  readonly entriesReceived: number
  readonly entriesStored: number
  readonly duplicates: number
  readonly discards: readonly Discard[]
}

/** Checks and stores a decoded push. */
export function ingestPush (
  push: DecodedPush,
  context: IngestContext
): IngestOutcome {
  const received = push.rows.length
  if (push.streams.length === 0) return emptyPush(context.version)

  const { rateLimit, bodyBytes } = context
  if (rateLimit !== undefined && !rateLimit.take(bodyBytes, context.nowMs)) {
    const limited = rateLimited(context, received)
    return answer(received, 0, 0, [limited])
  }

  let stored = 0
  let duplicates = 0
  const discards: Discard[] = []
  const validator = new EntryValidator(context.limits, context.nowMs)
  const { rows, streams } = push
  for (const { labels, stream, firstRow, endRow } of streams) {
    const invalid = validateStream(labels, stream, endRow - firstRow,
      context.limits)
    if (invalid !== undefined) {
      discards.push(invalid)
      continue
    }

    const valid: number[] = []
    for (let row = firstRow; row < endRow; row++) {
      const refused = validator.validate(rows, row, stream)
      if (refused === undefined) valid.push(row)
      else discards.push(refused)
    }

    const result = context.store.append(context.tenant, labels, stream,
      rows, valid, context.limits)
    stored += result.stored
    duplicates += result.duplicates
    discards.push(...result.discards)
  }
  context.store.endPush()
  return answer(received, stored, duplicates, discards)
}

function emptyPush (version: LokiVersion): IngestOutcome {
  // Loki 3.4 and later refuse a push without streams; older ones accept it.
  if (version === 2) return answer(0, 0, 0, [])
  return {
    ...answer(0, 0, 0, []),
    status: 422,
    body: 'error at least one valid stream is required for ingestion',
  }
}

function rateLimited (context: IngestContext, entries: number): Discard {
  const limit = context.rateLimit?.bytesPerSecond ?? 0
  return {
    reason: 'rate_limited',
    message: `Ingestion rate limit exceeded for user ${context.tenant} ` +
      `(limit: ${limit} bytes/sec) while attempting to ingest ` +
      `'${entries}' lines totaling '${context.bodyBytes}' bytes, reduce ` +
      'log volume or contact your Loki administrator to see if the limit ' +
      'can be increased',
    entries,
    status: 429,
  }
}

function answer (
  received: number,
  stored: number,
  duplicates: number,
  discards: readonly Discard[]
): IngestOutcome {
  // A volume limit (429) outranks invalid data (400), as in Loki, where
  // the ingester's answer replaces the distributor's validation error.
  const status = discards.length === 0
    ? 204
    : discards.some((d) => d.status === 429) ? 429 : 400
  const ordered = status === 429
    ? [...discards].sort((a, b) => b.status - a.status)
    : discards
  const lines = ordered.slice(0, MAX_MESSAGES).map((d) => d.message)
  if (ordered.length > MAX_MESSAGES) {
    lines.push(`(${ordered.length - MAX_MESSAGES} more refusals)`)
  }
  return {
    status,
    body: lines.join('\n'),
    entriesReceived: received,
    entriesStored: stored,
    duplicates,
    discards,
  }
}

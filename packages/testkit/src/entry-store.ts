// Where accepted entries live: streams per tenant, in arrival order, with
// the ingester's rules applied on append: the active-stream limit, the
// out-of-order window, and silent de-duplication.
import type { Discard } from './discard.js'
import { IdentityIndex } from './identity-index.js'
import { labelRecord } from './label-set.js'
import type { LokiLimits } from './limits.js'
import type { DecodedEntry, LabelPair } from './push-request.js'
import { formatRfc3339, msToNs } from './timestamps.js'

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

/** What appending one stream's entries did. */
export interface AppendResult {
  readonly stored: number
  readonly duplicates: number
  readonly discards: readonly Discard[]
}

interface StreamState {
  readonly tenant: string
  readonly labels: Readonly<Record<string, string>>
  readonly stream: string
  readonly entries: ReceivedEntry[]
  /** The stored entries by identity, for de-duplication. */
  readonly seen: IdentityIndex
  newestNs: bigint
}

/** The receiver's storage. */
export class EntryStore {
  private readonly streams = new Map<string, StreamState>()
  private readonly streamsPerTenant = new Map<string, number>()
  private stored: ReceivedEntry[] = []

  /** Number of entries stored. */
  get size (): number {
    return this.stored.length
  }

  /** Number of streams, over all tenants. */
  get streamCount (): number {
    return this.streams.size
  }

  /**
   * Appends entries that passed validation to their stream, creating the
   * stream if the tenant's stream limit allows.
   */
  append (
    tenant: string,
    labels: readonly LabelPair[],
    stream: string,
    entries: readonly DecodedEntry[],
    limits: LokiLimits
  ): AppendResult {
    if (entries.length === 0) return { stored: 0, duplicates: 0, discards: [] }
    const state = this.streamFor(tenant, labels, stream, limits)
    if (state === undefined) {
      return {
        stored: 0,
        duplicates: 0,
        discards: [streamLimit(tenant, stream, entries.length)],
      }
    }

    let stored = 0
    let duplicates = 0
    const discards: Discard[] = []
    const windowNs = msToNs(limits.outOfOrderWindowMs)
    for (const entry of entries) {
      const behind = tooFarBehind(state, entry, windowNs)
      // A duplicate is dropped silently, even one too far behind.
      if (behind !== undefined) {
        if (state.seen.has(entry)) duplicates++
        else discards.push(behind)
      } else if (state.seen.add(entry)) {
        this.store(state, entry)
        stored++
      } else {
        duplicates++
      }
    }
    return { stored, duplicates, discards }
  }

  /** Every stored entry, in storage order (a copy). */
  entries (): ReceivedEntry[] {
    return this.stored.slice()
  }

  /** Every stream, in creation order (copies). */
  streamList (): ReceivedStream[] {
    return [...this.streams.values()].map((state) => ({
      tenant: state.tenant,
      labels: state.labels,
      stream: state.stream,
      entries: state.entries.slice(),
    }))
  }

  /** Forgets everything stored. */
  clear (): void {
    this.streams.clear()
    this.streamsPerTenant.clear()
    this.stored = []
  }

  private streamFor (
    tenant: string,
    labels: readonly LabelPair[],
    stream: string,
    limits: LokiLimits
  ): StreamState | undefined {
    const id = `${tenant}\n${stream}`
    const existing = this.streams.get(id)
    if (existing !== undefined) return existing

    const active = this.streamsPerTenant.get(tenant) ?? 0
    const max = limits.maxStreamsPerTenant
    if (max > 0 && active >= max) return undefined
    const state: StreamState = {
      tenant,
      labels: Object.freeze(labelRecord(labels)),
      stream,
      entries: [],
      seen: new IdentityIndex(),
      newestNs: -(2n ** 63n),
    }
    this.streams.set(id, state)
    this.streamsPerTenant.set(tenant, active + 1)
    return state
  }

  private store (state: StreamState, entry: DecodedEntry): void {
    const received: ReceivedEntry = Object.freeze({
      tenant: state.tenant,
      labels: state.labels,
      stream: state.stream,
      timestamp: entry.timestampNs.toString(),
      line: entry.line,
      structuredMetadata: entry.structuredMetadata.length === 0
        ? NO_METADATA
        : Object.freeze(labelRecord(entry.structuredMetadata)),
    })
    state.entries.push(received)
    if (entry.timestampNs > state.newestNs) state.newestNs = entry.timestampNs
    this.stored.push(received)
  }
}

const NO_METADATA: Readonly<Record<string, string>> = Object.freeze({})

/** @param windowNs - Loki's out-of-order window; 0 turns the check off */
function tooFarBehind (
  state: StreamState,
  entry: DecodedEntry,
  windowNs: bigint
): Discard | undefined {
  if (windowNs === 0n || state.entries.length === 0) return undefined
  // The usual case, an entry in time order, needs no BigInt arithmetic.
  if (entry.timestampNs >= state.newestNs) return undefined
  const cutoff = state.newestNs - windowNs
  if (entry.timestampNs >= cutoff) return undefined

  const at = formatRfc3339(entry.timestampNs)
  return {
    reason: 'too_far_behind',
    message: `entry with timestamp ${at} ignored, reason: 'entry too far ` +
      `behind, entry timestamp is: ${at}, oldest acceptable timestamp is: ` +
      `${formatRfc3339(cutoff)}' for stream: ${state.stream}`,
    entries: 1,
    status: 400,
  }
}

function streamLimit (
  tenant: string,
  stream: string,
  entries: number
): Discard {
  return {
    reason: 'stream_limit',
    message: 'Maximum active stream limit exceeded when trying to create ' +
      `stream ${stream}, reduce the number of active streams (reduce ` +
      'labels or reduce label values), or contact your Loki administrator ' +
      `to see if the limit can be increased, user: '${tenant}'`,
    entries,
    status: 429,
  }
}

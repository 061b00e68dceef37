// Where accepted entries live: streams per tenant, in arrival order, with
// the ingester's rules applied on append: the active-stream limit, the
// out-of-order window, and silent de-duplication. Entries are kept as rows
// over the pushes' decoded bodies and made into objects only when read.
import type { Discard } from './discard.js'
import type { EntryRows } from './entry-rows.js'
import { labelRecord } from './label-set.js'
import type { LokiLimits } from './limits.js'
import type { LabelPair } from './push-request.js'
import type { ReceivedEntry, ReceivedStream } from './received-entry.js'
import { StoredChunks, type RowRange } from './stored-chunks.js'
import { StoredStream } from './stored-stream.js'
import { isBefore, pairToNs } from './timestamp-pair.js'
import { formatRfc3339, msToNs } from './timestamps.js'

/** What appending one stream's entries did. */
export interface AppendResult {
  readonly stored: number
  readonly duplicates: number
  readonly discards: readonly Discard[]
}

/** Entries stored by one append: rows of one stream, in storage order. */
interface Run extends RowRange {
  readonly stream: StoredStream
}

/** The push being stored: its rows, and the chunk that keeps its bytes. */
interface OpenPush {
  readonly rows: EntryRows
  readonly chunk: number
  readonly firstRun: number
  storedBytes: number
}

/** The receiver's storage. */
export class EntryStore {
  private readonly streams = new Map<string, StoredStream>()
  private readonly streamsPerTenant = new Map<string, number>()
  private chunks = new StoredChunks()
  private runs: Run[] = []
  private stored = 0
  private open: OpenPush | undefined
  /** Entries read so far, in storage order, and the runs they cover. */
  private read: ReceivedEntry[] = []
  private runsRead = 0

  /** Number of entries stored. */
  get size (): number {
    return this.stored
  }

  /** Number of streams, over all tenants. */
  get streamCount (): number {
    return this.streams.size
  }

  /**
   * Appends entries that passed validation, rows `selected` of `rows`, to
   * their stream, creating the stream if the tenant's stream limit allows.
   * The rows of one push are appended stream by stream; `endPush()` then
   * settles what of the push's bytes is kept.
   */
  append (
    tenant: string,
    labels: readonly LabelPair[],
    stream: string,
    rows: EntryRows,
    selected: readonly number[],
    limits: LokiLimits
  ): AppendResult {
    if (selected.length === 0) return { stored: 0, duplicates: 0, discards: [] }
    const state = this.streamFor(tenant, labels, stream, limits)
    if (state === undefined) {
      return {
        stored: 0,
        duplicates: 0,
        discards: [streamLimit(tenant, stream, selected.length)],
      }
    }

    const push = this.openPush(rows)
    const firstRow = state.rows.length
    let duplicates = 0
    const discards: Discard[] = []
    const windowNs = msToNs(limits.outOfOrderWindowMs)
    for (const row of selected) {
      const behind = tooFarBehind(state, rows, row, windowNs)
      // A duplicate is dropped silently, even one too far behind.
      if (behind !== undefined) {
        if (state.identity.has(rows, row)) duplicates++
        else discards.push(behind)
      } else if (state.add(rows, row, push.chunk)) {
        push.storedBytes += (rows.lineLength[row] as number) +
          rows.metadataByteLength(row)
      } else {
        duplicates++
      }
    }

    const endRow = state.rows.length
    if (endRow > firstRow) {
      this.runs.push({ stream: state, rows: state.rows, firstRow, endRow })
      this.stored += endRow - firstRow
    }
    return { stored: endRow - firstRow, duplicates, discards }
  }

  /** Ends the push being appended: keeps only what it needs of its bytes. */
  endPush (): void {
    const push = this.open
    if (push === undefined) return
    this.open = undefined
    this.chunks.trim(push.chunk, this.runs.slice(push.firstRun),
      push.storedBytes)
  }

  /** Every stored entry, in storage order (a copy). */
  entries (): ReceivedEntry[] {
    for (; this.runsRead < this.runs.length; this.runsRead++) {
      const { stream, firstRow, endRow } = this.runs[this.runsRead] as Run
      const entries = stream.entriesUpTo(endRow)
      for (let row = firstRow; row < endRow; row++) {
        this.read.push(entries[row] as ReceivedEntry)
      }
    }
    return this.read.slice()
  }

  /** Every stream, in creation order (copies). */
  streamList (): ReceivedStream[] {
    return [...this.streams.values()].map((state) => ({
      tenant: state.tenant,
      labels: state.labels,
      stream: state.stream,
      entries: state.entriesUpTo(state.rows.length).slice(),
    }))
  }

  /** The label string and entry count of every stream, in creation order. */
  streamSizes (): Array<{ readonly stream: string, readonly entries: number }> {
    return [...this.streams.values()].map((state) =>
      ({ stream: state.stream, entries: state.rows.length }))
  }

  /** Forgets everything stored. */
  clear (): void {
    this.streams.clear()
    this.streamsPerTenant.clear()
    this.chunks = new StoredChunks()
    this.runs = []
    this.stored = 0
    this.open = undefined
    this.read = []
    this.runsRead = 0
  }

  private openPush (rows: EntryRows): OpenPush {
    if (this.open?.rows === rows) return this.open
    // A push left open (its ingestion failed) is ended by the next one.
    this.endPush()
    this.open = {
      rows,
      chunk: this.chunks.add(rows.chunks[0] as Buffer),
      firstRun: this.runs.length,
      storedBytes: 0,
    }
    return this.open
  }

  private streamFor (
    tenant: string,
    labels: readonly LabelPair[],
    stream: string,
    limits: LokiLimits
  ): StoredStream | undefined {
    const id = `${tenant}\n${stream}`
    const existing = this.streams.get(id)
    if (existing !== undefined) return existing

    const active = this.streamsPerTenant.get(tenant) ?? 0
    const max = limits.maxStreamsPerTenant
    if (max > 0 && active >= max) return undefined
    const state = new StoredStream(tenant,
      Object.freeze(labelRecord(labels)), stream, this.chunks.buffers)
    this.streams.set(id, state)
    this.streamsPerTenant.set(tenant, active + 1)
    return state
  }
}

/** @param windowNs - Loki's out-of-order window; 0 turns the check off */
function tooFarBehind (
  state: StoredStream,
  rows: EntryRows,
  row: number,
  windowNs: bigint
): Discard | undefined {
  if (windowNs === 0n || state.rows.length === 0) return undefined
  const seconds = rows.seconds[row] as number
  const nanos = rows.nanos[row] as number
  // The usual case, an entry in time order, needs no BigInt arithmetic.
  if (!isBefore(seconds, nanos, state.newestSeconds, state.newestNanos)) {
    return undefined
  }
  const cutoff = state.oldestAccepted(windowNs)
  if (!isBefore(seconds, nanos, cutoff.seconds, cutoff.nanos)) return undefined

  const at = formatRfc3339(rows.timestampNs(row))
  const oldest = formatRfc3339(pairToNs(cutoff.seconds, cutoff.nanos))
  return {
    reason: 'too_far_behind',
    message: `entry with timestamp ${at} ignored, reason: 'entry too far ` +
      `behind, entry timestamp is: ${at}, oldest acceptable timestamp is: ` +
      `${oldest}' for stream: ${state.stream}`,
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

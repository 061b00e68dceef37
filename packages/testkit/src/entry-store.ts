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
import { StorageOrder } from './storage-order.js'
import { StoredChunks, type RowRange } from './stored-chunks.js'
import { StoredStream } from './stored-stream.js'
import { isBefore, pairToNs } from './timestamp-pair.js'
import { formatRfc3339 } from './timestamps.js'

/** What appending one stream's entries did. */
export interface AppendResult {
  readonly stored: number
  readonly duplicates: number
  readonly discards: readonly Discard[]
}

/** The push being stored: its rows, and the chunk that keeps its bytes. */
interface OpenPush {
  readonly rows: EntryRows
  readonly chunk: number
  /** Its first run in the storage order. */
  readonly firstRun: number
  /** Bytes of lines and metadata it stored. */
  storedBytes: number
}

/** The receiver's storage. */
export class EntryStore {
  /** Streams by tenant, then by label string. */
  private readonly byTenant = new Map<string, Map<string, StoredStream>>()
  /** Streams by number, which is their order of creation. */
  private streams: StoredStream[] = []
  private chunks = new StoredChunks()
  private order = new StorageOrder()
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
    return this.streams.length
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
    const windowMs = limits.outOfOrderWindowMs
    for (const row of selected) {
      const behind = tooFarBehind(state, rows, row, windowMs)
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
      this.order.add(state.number, firstRow, endRow, push.firstRun)
      this.stored += endRow - firstRow
    }
    return { stored: endRow - firstRow, duplicates, discards }
  }

  /** Ends the push being appended: keeps only what it needs of its bytes. */
  endPush (): void {
    const push = this.open
    if (push === undefined) return
    this.open = undefined
    if (!this.chunks.isMostlyUnstored(push.chunk, push.storedBytes)) return

    const { order } = this
    const ranges: RowRange[] = []
    for (let run = push.firstRun; run < order.length; run++) {
      ranges.push({
        rows: (this.streams[order.stream[run] as number] as StoredStream).rows,
        firstRow: order.firstRow[run] as number,
        endRow: order.endRow[run] as number,
      })
    }
    this.chunks.copyOut(push.chunk, ranges, push.storedBytes)
  }

  /** Every stored entry, in storage order (a copy). */
  entries (): ReceivedEntry[] {
    // Runs grow only within the push being appended, never once read.
    const { order } = this
    for (; this.runsRead < order.length; this.runsRead++) {
      const run = this.runsRead
      const stream = this.streams[order.stream[run] as number] as StoredStream
      const endRow = order.endRow[run] as number
      const entries = stream.entriesUpTo(endRow)
      for (let row = order.firstRow[run] as number; row < endRow; row++) {
        this.read.push(entries[row] as ReceivedEntry)
      }
    }
    return this.read.slice()
  }

  /** Every stream, in creation order (copies). */
  streamList (): ReceivedStream[] {
    return this.streams.map((state) => ({
      tenant: state.tenant,
      labels: state.labels,
      stream: state.stream,
      entries: state.entriesUpTo(state.rows.length).slice(),
    }))
  }

  /** The label string and entry count of every stream, in creation order. */
  streamSizes (): Array<{ readonly stream: string, readonly entries: number }> {
    return this.streams.map((state) =>
      ({ stream: state.stream, entries: state.rows.length }))
  }

  /** Forgets everything stored. */
  clear (): void {
    this.byTenant.clear()
    this.streams = []
    this.chunks = new StoredChunks()
    this.order = new StorageOrder()
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
      firstRun: this.order.length,
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
    let ofTenant = this.byTenant.get(tenant)
    const existing = ofTenant?.get(stream)
    if (existing !== undefined) return existing

    const max = limits.maxStreamsPerTenant
    if (max > 0 && (ofTenant?.size ?? 0) >= max) return undefined
    const state = new StoredStream(this.streams.length, tenant,
      Object.freeze(labelRecord(labels)), stream, this.chunks.buffers)
    if (ofTenant === undefined) {
      ofTenant = new Map()
      this.byTenant.set(tenant, ofTenant)
    }
    ofTenant.set(stream, state)
    this.streams.push(state)
    return state
  }
}

/** @param windowMs - Loki's out-of-order window; 0 turns the check off */
function tooFarBehind (
  state: StoredStream,
  rows: EntryRows,
  row: number,
  windowMs: number
): Discard | undefined {
  if (windowMs === 0 || state.rows.length === 0) return undefined
  const seconds = rows.seconds[row] as number
  const nanos = rows.nanos[row] as number
  // The usual case, an entry in time order, needs no BigInt arithmetic.
  if (!isBefore(seconds, nanos, state.newestSeconds, state.newestNanos)) {
    return undefined
  }
  const cutoff = state.oldestAccepted(windowMs)
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

import {
  JSON_RECORD_SEPARATOR, readJsonRecord, writeJsonRecord,
} from './json-record.js'
import type { DroppedEntry, Encoding } from './options.js'
import {
  readProtobufRecord, writeProtobufRecord, type RecordContent,
} from './protobuf-record.js'
import type { RecordArena } from './record-arena.js'
import { QueuedEntry } from './queued-entry.js'
import type { StreamLabels } from './stream-labels.js'
import { nanosecondString } from './timestamp.js'

/** What describing an entry reads of it: where it is, and its record. */
export type DescribedEntry =
  Pick<QueuedEntry, 'tenant' | 'seconds' | 'nanos' | 'slab' | 'offset' |
    'size'> & { readonly stream: { readonly key: string } }

/** Finds the arena of the lane an entry of `tenant` and `stream` joins. */
export type ArenaFor = (tenant: string, stream: StreamLabels) => RecordArena

/**
 * Makes queued entries: writes each one's record, in the client's body
 * format, into the arena of its lane, and reads line and metadata back
 * from a record for those who need them as text (drop reports, the
 * spool).
 */
export class EntryWriter {
  readonly #arenaFor: ArenaFor
  readonly #json: boolean
  /** The one entry {@link write} fills each time, when it reuses it. */
  readonly #reused: WrittenEntry | undefined

  /**
   * With `reuse`, {@link write} returns the same object every time, filled
   * anew: for a caller that reads it at once (the delivery worker's
   * outbox copies it into an array), and makes a {@link QueuedEntry} of
   * it to keep it longer. An object less for every entry.
   */
  constructor (encoding: Encoding, arenaFor: ArenaFor, reuse = false) {
    this.#arenaFor = arenaFor
    this.#json = encoding === 'json'
    this.#reused = reuse ? new WrittenEntry() : undefined
  }

  /** Writes an entry's record; the entry is not queued yet. */
  write (
    tenant: string, stream: StreamLabels, seconds: number, nanos: number,
    line: string, metadata: readonly string[] | undefined,
    sequence: number, queuedAt: number,
  ): QueuedEntry {
    const arena = this.#arenaFor(tenant, stream)
    const size = this.#json
      ? writeJsonRecord(arena, seconds, nanos, line, metadata)
      : writeProtobufRecord(arena, seconds, nanos, line, metadata)
    const reused = this.#reused
    const entry = reused === undefined
      ? new QueuedEntry(tenant, stream, seconds, nanos, arena.slab,
        arena.offset, size, sequence, queuedAt)
      : reused.fill(tenant, stream, seconds, nanos, arena.slab,
        arena.offset, size, sequence, queuedAt)
    // A JSON record is followed by its comma.
    arena.commit(this.#json ? size + 1 : size)
    return entry
  }

  /**
   * Makes an entry of a record written elsewhere (by the application's
   * thread, for the delivery worker), copying it into its lane's arena.
   */
  copy (
    tenant: string, stream: StreamLabels, seconds: number, nanos: number,
    source: Buffer, offset: number, size: number,
    sequence: number, queuedAt: number,
  ): QueuedEntry {
    const arena = this.#arenaFor(tenant, stream)
    const slab = arena.reserve(size + 1)
    const at = arena.offset
    source.copy(slab, at, offset, offset + size)
    const entry = new QueuedEntry(tenant, stream, seconds, nanos, slab, at,
      size, sequence, queuedAt)
    if (this.#json) slab[at + size] = JSON_RECORD_SEPARATOR
    arena.commit(this.#json ? size + 1 : size)
    return entry
  }

  /**
   * An entry as `onDrop` is given it: a queued one, or one taken out of
   * the delivery worker's outbox.
   */
  describe (entry: DescribedEntry): DroppedEntry {
    return {
      tenant: entry.tenant,
      stream: entry.stream.key,
      timestamp: nanosecondString(entry.seconds, entry.nanos),
      line: this.read(entry).line,
    }
  }

  /** The line and metadata of an entry's record. */
  read (entry: Pick<QueuedEntry, 'slab' | 'offset' | 'size'>): RecordContent {
    const { slab, offset, size } = entry
    return this.#json
      ? readJsonRecord(slab, offset, size)
      : readProtobufRecord(slab, offset, size)
  }
}

/** The fields of a {@link QueuedEntry}, in an object written over. */
class WrittenEntry {
  tenant = ''
  stream = undefined as unknown as StreamLabels
  seconds = 0
  nanos = 0
  slab = undefined as unknown as Buffer
  offset = 0
  size = 0
  sequence = 0
  queuedAt = 0

  fill (
    tenant: string, stream: StreamLabels, seconds: number, nanos: number,
    slab: Buffer, offset: number, size: number, sequence: number,
    queuedAt: number,
  ): QueuedEntry {
    this.tenant = tenant
    this.stream = stream
    this.seconds = seconds
    this.nanos = nanos
    this.slab = slab
    this.offset = offset
    this.size = size
    this.sequence = sequence
    this.queuedAt = queuedAt
    return this
  }
}

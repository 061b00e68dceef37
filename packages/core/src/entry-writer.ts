import { readJsonRecord, writeJsonRecord } from './json-record.js'
import type { Encoding } from './options.js'
import {
  readProtobufRecord, writeProtobufRecord, type RecordContent,
} from './protobuf-record.js'
import type { RecordArena } from './record-arena.js'
import { QueuedEntry } from './queued-entry.js'
import type { StreamLabels } from './stream-labels.js'

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

  constructor (encoding: Encoding, arenaFor: ArenaFor) {
    this.#arenaFor = arenaFor
    this.#json = encoding === 'json'
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
    const entry = new QueuedEntry(tenant, stream, seconds, nanos,
      arena.slab, arena.offset, size, sequence, queuedAt)
    // A JSON record is followed by its comma.
    arena.commit(this.#json ? size + 1 : size)
    return entry
  }

  /** The line and metadata of a queued entry. */
  read (entry: QueuedEntry): RecordContent {
    const { slab, offset, size } = entry
    return this.#json
      ? readJsonRecord(slab, offset, size)
      : readProtobufRecord(slab, offset, size)
  }
}

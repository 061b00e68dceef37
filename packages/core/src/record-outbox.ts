import type { QueuedEntry } from './queued-entry.js'
import { RecordArena, SLAB_BYTES } from './record-arena.js'
import type { StreamLabels } from './stream-labels.js'
import {
  ENTRY_FIELDS, NANOS, OFFSET, QUEUED_AT, SECONDS, SEQUENCE, SIZE, SLAB,
  STREAM, TENANT, type EntriesMessage, type WireStream,
} from './worker-messages.js'

/** What {@link RecordOutbox.take} gives. */
export interface TakenEntries {
  readonly message: EntriesMessage
  /** The buffers that move to the worker with the message. */
  readonly transfer: ArrayBuffer[]
  /** Record bytes of the entries in it. */
  readonly bytes: number
}

/** An entry taken out of the outbox, with what it takes to report it. */
export interface OutboxRecord {
  readonly slab: Buffer
  readonly offset: number
  readonly size: number
  readonly tenant: string
  readonly stream: WireStream
  readonly seconds: number
  readonly nanos: number
}

/** An arena that remembers every slab it gave out since it was taken. */
class OutboxArena extends RecordArena {
  readonly slabs: Buffer[] = []

  override reserve (bytes: number): Buffer {
    const slab = super.reserve(bytes)
    if (this.slabs[this.slabs.length - 1] !== slab) this.slabs.push(slab)
    return slab
  }

  /** Forgets the slabs given out, and writes over the current one. */
  override rewind (): void {
    super.rewind()
    this.slabs.length = 0
  }
}

/**
 * Entries prepared in the application's thread that wait to cross to the
 * delivery worker: their records in slabs of the outbox's own, and their
 * numbers side by side in one array. {@link take} makes the message, whose
 * slabs move to the worker without a copy.
 */
export class RecordOutbox {
  #arena = new OutboxArena()
  #meta = new Float64Array(ENTRY_FIELDS * 256)
  /** Entries added since the last take; the first `#dropped` are gone. */
  #added = 0
  #dropped = 0
  #bytes = 0
  readonly #streams = new Map<StreamLabels, number>()
  #wireStreams: WireStream[] = []
  readonly #tenants = new Map<string, number>()
  #tenantList: string[] = []
  // The stream and tenant of the entry added last, and their indexes:
  // entries in a row mostly share both.
  #lastStream: StreamLabels | undefined
  #lastStreamIndex = 0
  #lastTenant: string | undefined
  #lastTenantIndex = 0

  /** Where entries for the outbox are written. */
  get arena (): RecordArena {
    return this.#arena
  }

  /** Entries waiting to cross. */
  get count (): number {
    return this.#added - this.#dropped
  }

  /** Record bytes of the entries waiting to cross. */
  get bytes (): number {
    return this.#bytes
  }

  /** Adds an entry written in {@link arena}. */
  add (entry: QueuedEntry): void {
    if ((this.#added + 1) * ENTRY_FIELDS > this.#meta.length) this.#grow()
    const slabs = this.#arena.slabs
    let slab = slabs.length - 1
    while (slab > 0 && slabs[slab] !== entry.slab) slab--
    const at = this.#added++ * ENTRY_FIELDS
    const meta = this.#meta
    meta[at + SLAB] = slab
    meta[at + OFFSET] = entry.offset
    meta[at + SIZE] = entry.size
    meta[at + STREAM] = this.#streamIndex(entry.stream)
    meta[at + TENANT] = this.#tenantIndex(entry.tenant)
    meta[at + SECONDS] = entry.seconds
    meta[at + NANOS] = entry.nanos
    meta[at + SEQUENCE] = entry.sequence
    meta[at + QUEUED_AT] = entry.queuedAt
    this.#bytes += entry.size
  }

  /**
   * Takes the oldest entry out: it will not cross. Returns where its
   * record is, to report it; undefined when the outbox is empty.
   */
  dropOldest (): OutboxRecord | undefined {
    if (this.count === 0) return undefined
    const at = this.#dropped++ * ENTRY_FIELDS
    const meta = this.#meta
    const size = meta[at + SIZE] as number
    this.#bytes -= size
    return {
      slab: this.#arena.slabs[meta[at + SLAB] as number] as Buffer,
      offset: meta[at + OFFSET] as number,
      size,
      tenant: this.#tenantList[meta[at + TENANT] as number] as string,
      stream: this.#wireStreams[meta[at + STREAM] as number] as WireStream,
      seconds: meta[at + SECONDS] as number,
      nanos: meta[at + NANOS] as number,
    }
  }

  /**
   * The message of every entry added since the last call, and the buffers
   * to transfer with it; undefined when there is none. Full slabs move
   * with the message. The last slab, when less than half of it is used,
   * is not given away for the few records in it: they are copied into a
   * buffer of their size, and the outbox writes its next records over the
   * slab. The outbox starts afresh either way.
   */
  take (): TakenEntries | undefined {
    if (this.count === 0) return undefined
    const meta = this.#meta.slice(this.#dropped * ENTRY_FIELDS,
      this.#added * ENTRY_FIELDS)
    const arena = this.#arena
    const slabs = arena.slabs.slice()
    const keep = arena.offset < SLAB_BYTES / 2
    if (keep) {
      const used = Buffer.allocUnsafeSlow(arena.offset)
      arena.slab.copy(used, 0, 0, arena.offset)
      slabs[slabs.length - 1] = used
      arena.rewind()
    } else {
      this.#arena = new OutboxArena()
    }
    const message: EntriesMessage = {
      type: 'entries',
      streams: this.#wireStreams,
      tenants: this.#tenantList,
      meta,
      slabs,
    }
    const transfer = [meta.buffer as ArrayBuffer,
      ...slabs.map((slab) => slab.buffer as ArrayBuffer)]
    const bytes = this.#bytes
    this.#added = 0
    this.#dropped = 0
    this.#bytes = 0
    this.#streams.clear()
    this.#wireStreams = []
    this.#tenants.clear()
    this.#tenantList = []
    this.#lastStream = undefined
    this.#lastTenant = undefined
    return { message, transfer, bytes }
  }

  #grow (): void {
    const meta = new Float64Array(this.#meta.length * 2)
    meta.set(this.#meta)
    this.#meta = meta
  }

  #streamIndex (stream: StreamLabels): number {
    if (stream === this.#lastStream) return this.#lastStreamIndex
    let index = this.#streams.get(stream)
    if (index === undefined) {
      index = this.#wireStreams.length
      this.#wireStreams.push({ key: stream.key, json: stream.json,
        hash: stream.hash })
      this.#streams.set(stream, index)
    }
    this.#lastStream = stream
    this.#lastStreamIndex = index
    return index
  }

  #tenantIndex (tenant: string): number {
    if (tenant === this.#lastTenant) return this.#lastTenantIndex
    let index = this.#tenants.get(tenant)
    if (index === undefined) {
      index = this.#tenantList.length
      this.#tenantList.push(tenant)
      this.#tenants.set(tenant, index)
    }
    this.#lastTenant = tenant
    this.#lastTenantIndex = index
    return index
  }
}

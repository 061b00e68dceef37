import type { EntryQueue } from './entry-queue.js'
import type { Encoding } from './options.js'
import type { StreamGroups } from './protobuf-encoder.js'
import { protobufStreamOverhead } from './protobuf-size.js'
import type { QueuedEntry } from './queued-entry.js'
import type { StreamLabels } from './stream-labels.js'

/** Entries of one tenant sent in one push request, grouped by stream. */
export interface Batch {
  readonly tenant: string
  readonly streams: StreamGroups
  /** Every entry of the batch, in the order they were taken. */
  readonly entries: readonly QueuedEntry[]
  /** Upper bound of the encoded body size, before compression. */
  readonly bytes: number
}

// `{"streams":[]}`, and per stream `{"stream":,"values":[]}` plus commas.
const JSON_BODY_OVERHEAD = 14
const JSON_STREAM_OVERHEAD = 25

/** Bytes a stream adds to a body besides its entries. */
export function streamOverhead (stream: StreamLabels, encoding: Encoding):
  number {
  return encoding === 'json'
    ? JSON_STREAM_OVERHEAD + Buffer.byteLength(stream.json)
    : protobufStreamOverhead(Buffer.byteLength(stream.key))
}

/** Collects entries into stream groups, keeping count of the body size. */
class BatchBuilder {
  readonly streams = new Map<StreamLabels, QueuedEntry[]>()
  readonly entries: QueuedEntry[] = []
  bytes: number

  constructor (readonly tenant: string, readonly encoding: Encoding) {
    this.bytes = encoding === 'json' ? JSON_BODY_OVERHEAD : 0
  }

  /** What `entry` would add to the body (a comma counted for JSON). */
  cost (entry: QueuedEntry): number {
    return entry.size + 1 + (this.streams.has(entry.stream)
      ? 0
      : streamOverhead(entry.stream, this.encoding))
  }

  add (entry: QueuedEntry, cost: number): void {
    const group = this.streams.get(entry.stream)
    if (group === undefined) this.streams.set(entry.stream, [entry])
    else group.push(entry)
    this.entries.push(entry)
    this.bytes += cost
  }

  build (): Batch {
    const { tenant, streams, entries, bytes } = this
    return { tenant, streams, entries, bytes }
  }
}

/**
 * The batch at the head of `queue`: entries while the batch stays within
 * `maxEntries` and `maxBytes` (always at least one, so an entry larger
 * than a batch still goes out and gets Loki's verdict). The queue is left
 * as it was.
 */
export function peekBatch (
  queue: EntryQueue,
  tenant: string,
  limits: { maxEntries: number, maxBytes: number, encoding: Encoding },
): Batch {
  const builder = new BatchBuilder(tenant, limits.encoding)
  for (let next = queue.at(0); next !== undefined;
    next = queue.at(builder.entries.length)) {
    const cost = builder.cost(next)
    const count = builder.entries.length
    if (count > 0 && (count >= limits.maxEntries ||
        builder.bytes + cost > limits.maxBytes)) break
    builder.add(next, cost)
  }
  return builder.build()
}

/** Takes the batch at the head of `queue` out of it. */
export function takeBatch (
  queue: EntryQueue,
  tenant: string,
  limits: { maxEntries: number, maxBytes: number, encoding: Encoding },
): Batch {
  const batch = peekBatch(queue, tenant, limits)
  for (let i = 0; i < batch.entries.length; i++) queue.shift()
  return batch
}

/** Splits a batch into halves: too large for Loki, or probing a 400. */
export function splitBatch (batch: Batch, encoding: Encoding):
  [Batch, Batch] {
  const middle = Math.ceil(batch.entries.length / 2)
  return [
    regroup(batch.tenant, batch.entries.slice(0, middle), encoding),
    regroup(batch.tenant, batch.entries.slice(middle), encoding),
  ]
}

function regroup (
  tenant: string, entries: readonly QueuedEntry[], encoding: Encoding,
): Batch {
  const builder = new BatchBuilder(tenant, encoding)
  for (const entry of entries) builder.add(entry, builder.cost(entry))
  return builder.build()
}

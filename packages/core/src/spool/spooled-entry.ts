import type { EntryWriter } from '../entry-writer.js'
import type { QueuedEntry } from '../queued-entry.js'
import type { StreamLabels } from '../stream-labels.js'
import type { SpoolRecord } from './record-codec.js'

/**
 * Streams of the entries read back from disk, by label string. Entries of
 * one stream share one object, so that a batch groups them as one stream.
 * It holds the streams of the entries still on disk and is emptied when
 * none are left.
 */
export class SpooledStreams {
  readonly #streams = new Map<string, StreamLabels>()

  /** Remembers the stream of an entry that goes to disk only. */
  remember (stream: StreamLabels): void {
    this.#streams.set(stream.key, stream)
  }

  clear (): void {
    this.#streams.clear()
  }

  /** The entry a record holds, written in the client's body format. */
  toEntry (
    record: SpoolRecord, sequence: number, writer: EntryWriter, now: number,
  ): QueuedEntry {
    const { seconds, nanos, line, metadata } = record
    return writer.write(record.tenant, this.#stream(record), seconds, nanos,
      line, metadata, sequence, now)
  }

  #stream (record: SpoolRecord): StreamLabels {
    let stream = this.#streams.get(record.key)
    if (stream === undefined) {
      // Timestamps of spooled entries are final: the stream's newest
      // time starts at zero and is never used to move them.
      stream = { key: record.key, json: record.json, hash: record.hash,
        newestSeconds: 0, newestNanos: 0 }
      this.#streams.set(record.key, stream)
    }
    return stream
  }
}

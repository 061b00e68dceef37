import { Fifo } from './fifo.js'
import type { QueuedEntry } from './queued-entry.js'

/** A first-in first-out queue of entries that sums their sizes. */
export class EntryQueue extends Fifo<QueuedEntry> {
  /** Sum of the queued entries' encoded sizes. */
  bytes = 0

  override push (entry: QueuedEntry): void {
    super.push(entry)
    this.bytes += entry.size
  }

  override shift (): QueuedEntry | undefined {
    const entry = super.shift()
    if (entry !== undefined) this.bytes -= entry.size
    return entry
  }

  override drain (): QueuedEntry[] {
    this.bytes = 0
    return super.drain()
  }
}

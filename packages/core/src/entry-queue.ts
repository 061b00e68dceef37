import type { QueuedEntry } from './queued-entry.js'

/**
 * A first-in first-out queue of entries. An array with a moving head:
 * `shift()` on a large array is linear, this is constant amortised.
 */
export class EntryQueue {
  #items: (QueuedEntry | undefined)[] = []
  #head = 0
  /** Sum of the queued entries' encoded sizes. */
  bytes = 0

  get length (): number {
    return this.#items.length - this.#head
  }

  peek (): QueuedEntry | undefined {
    return this.#items[this.#head]
  }

  /** The entry `index` places behind the head, without removing it. */
  at (index: number): QueuedEntry | undefined {
    return this.#items[this.#head + index]
  }

  push (entry: QueuedEntry): void {
    this.#items.push(entry)
    this.bytes += entry.size
  }

  shift (): QueuedEntry | undefined {
    const entry = this.#items[this.#head]
    if (entry === undefined) return undefined
    this.#items[this.#head++] = undefined
    this.bytes -= entry.size
    if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head)
      this.#head = 0
    }
    return entry
  }

  /** Removes and returns every entry. */
  drain (): QueuedEntry[] {
    const all = this.#items.slice(this.#head) as QueuedEntry[]
    this.#items = []
    this.#head = 0
    this.bytes = 0
    return all
  }
}

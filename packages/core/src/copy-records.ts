import type { QueuedEntry } from './queued-entry.js'

/**
 * Copies the records of `entries` into `body` at `at` and returns the
 * position after them. With a `separator` (the comma between JSON
 * values), records are separated by it, as a JSON record is followed by
 * one in its slab. Entries queued one after another lie one after another
 * in a slab, separators included: each such run is one copy.
 */
export function copyRecords (
  entries: readonly QueuedEntry[], body: Buffer, at: number,
  separator?: number,
): number {
  const gap = separator === undefined ? 0 : 1
  let i = 0
  while (i < entries.length) {
    const first = entries[i] as QueuedEntry
    const { slab } = first
    let end = first.offset + first.size
    let next = entries[++i]
    while (next !== undefined && next.slab === slab &&
      next.offset === end + gap) {
      end = next.offset + next.size
      next = entries[++i]
    }
    if (separator !== undefined && first !== entries[0]) {
      body[at++] = separator
    }
    at += slab.copy(body, at, first.offset, end)
  }
  return at
}

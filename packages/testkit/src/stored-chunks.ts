// The bytes that stored rows point into: the decoded body of each push,
// kept whole instead of copied entry by entry.

/** The chunks of one store, shared by the rows of all its streams. */
export class StoredChunks {
  /** Chunk number → its bytes. */
  readonly buffers: Buffer[] = []

  /** Keeps `buffer`; returns its chunk number. */
  add (buffer: Buffer): number {
    return this.buffers.push(buffer) - 1
  }
}

// The largest buffer kept between tasks: a batch of the default `maxBytes`
// and its worst-case compression fit several times over. A larger one is
// made for its task and freed after it.
const MAX_KEPT_BYTES = 4 * 1024 * 1024
// Kept buffers grow in steps of this much, so that batches a little larger
// than the last do not each replace it.
const GROWTH_BYTES = 64 * 1024

/**
 * One buffer lent to one task at a time and kept between tasks, so that
 * encoding a batch does not allocate a buffer of its size and free it
 * again: memory the operating system maps and zeroes for every batch, and
 * that the garbage collector counts against the thread until it runs. A
 * task that finds the buffer lent out gets a fresh one of its own.
 */
export class ScratchBuffer {
  #kept: Buffer | undefined
  #lent = false

  /** `bytes` of memory to write into; hand them back with {@link give}. */
  take (bytes: number): Buffer {
    if (this.#lent || bytes > MAX_KEPT_BYTES) return Buffer.allocUnsafe(bytes)
    if (this.#kept === undefined || this.#kept.length < bytes) {
      this.#kept = Buffer.allocUnsafeSlow(
        Math.min(MAX_KEPT_BYTES, Math.ceil(bytes / GROWTH_BYTES) * GROWTH_BYTES))
    }
    this.#lent = true
    return this.#kept.subarray(0, bytes)
  }

  /**
   * Ends the use of what {@link take} gave: it may be lent again, and must
   * not be read or written any more.
   */
  give (taken: Uint8Array): void {
    if (taken.buffer === this.#kept?.buffer) this.#lent = false
  }
}

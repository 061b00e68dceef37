/**
 * The most a slab holds. A slab is freed once no queued entry points
 * into it; a lane's entries leave in order, so at most its first and its
 * current slab are partly spent: 128 KiB a lane beyond what is counted.
 */
export const SLAB_BYTES = 64 * 1024

/**
 * Where queued entries keep their encoded bytes: large buffers written
 * one after another, so that an entry costs no string or buffer of its
 * own that the garbage collector would have to carry while it waits to
 * be sent. Each lane has its own arena: entries that leave in order free
 * whole slabs behind them.
 */
export class RecordArena {
  #slab: Buffer = Buffer.allocUnsafe(0)
  #at = 0

  /**
   * The slab the next record goes into, with room for at least `bytes`
   * from {@link offset}. The record is kept by {@link commit}.
   */
  reserve (bytes: number): Buffer {
    if (this.#slab.length - this.#at < bytes) {
      this.#slab = Buffer.allocUnsafe(Math.max(SLAB_BYTES, bytes))
      this.#at = 0
    }
    return this.#slab
  }

  /** The slab {@link reserve} gave last. */
  get slab (): Buffer {
    return this.#slab
  }

  /** Where the next record starts in {@link slab}. */
  get offset (): number {
    return this.#at
  }

  /** Keeps the `bytes` written at {@link offset}. */
  commit (bytes: number): void {
    this.#at += bytes
  }

  /**
   * Writes the next records over the current slab from its start: for an
   * owner that has copied out what the slab held.
   */
  rewind (): void {
    this.#at = 0
  }
}

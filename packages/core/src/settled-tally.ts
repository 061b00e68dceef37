import { DROP_REASONS, type DropReason } from './errors.js'

const SENT = 0

/**
 * Entries the delivery worker has settled (sent, or dropped by reason),
 * counted in shared memory as they settle. Its reports reach the
 * application's thread a turn later; when the process exits in between,
 * the tally still tells what became of them, so that none is counted as
 * cut off by the exit after it was delivered.
 */
export class SettledTally {
  readonly #cells: BigInt64Array

  /** A tally over `memory`, shared by both threads. */
  constructor (readonly memory: SharedArrayBuffer = SettledTally.allocate()) {
    this.#cells = new BigInt64Array(memory)
  }

  static allocate (): SharedArrayBuffer {
    return new SharedArrayBuffer(8 * (1 + DROP_REASONS.length))
  }

  addSent (count: number): void {
    Atomics.add(this.#cells, SENT, BigInt(count))
  }

  addDropped (reason: DropReason, count: number): void {
    Atomics.add(this.#cells, 1 + DROP_REASONS.indexOf(reason), BigInt(count))
  }

  /** Entries sent so far. */
  sent (): number {
    return Number(Atomics.load(this.#cells, SENT))
  }

  /** Entries dropped so far, by reason. */
  dropped (reason: DropReason): number {
    return Number(Atomics.load(this.#cells, 1 + DROP_REASONS.indexOf(reason)))
  }
}

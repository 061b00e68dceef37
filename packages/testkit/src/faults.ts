// Fault injection: scripted answers consumed one per push, a standing
// fault until lifted, and a stall that holds every request until resumed.
import { InvalidReceiverOptionError } from './errors.js'

/**
 * One injected behaviour for one push request:
 * - `{ status, body?, headers? }`: answer so, storing nothing;
 * - `{ reset: true }`: destroy the connection without an answer, storing
 *   nothing;
 * - `{ resetAfterStore: true }`: store the push as usual, then destroy
 *   the connection instead of answering, as a Loki or a proxy that fails
 *   between writing and replying does: the client cannot tell it from a
 *   lost push and sends it again, which de-duplication must absorb;
 * - `{ hang: true }`: never answer (until the receiver closes);
 * - `{ delayMs }`: wait, then process the push normally.
 */
export type FaultStep =
  | {
    readonly status: number
    readonly body?: string
    readonly headers?: Readonly<Record<string, string>>
  }
  | { readonly reset: true }
  | { readonly resetAfterStore: true }
  | { readonly hang: true }
  | { readonly delayMs: number }

/** The faults waiting to be applied to the receiver's pushes. */
export class FaultPlan {
  private readonly scripted: FaultStep[] = []
  private standing: FaultStep | null = null
  private stallGate: { promise: Promise<void>, open: () => void } | undefined

  /** Appends steps to the script, after any steps not yet consumed. */
  script (steps: readonly FaultStep[]): void {
    steps.forEach((step, i) => checkStep(step, `script[${i}]`))
    this.scripted.push(...steps)
  }

  /** Scripted steps not consumed yet. */
  get scriptedRemaining (): number {
    return this.scripted.length
  }

  /** Applies `step` to every push until called with `null`. */
  fail (step: FaultStep | null): void {
    if (step !== null) checkStep(step, 'fail()')
    this.standing = step
  }

  /** Holds requests until `resume()`. */
  stall (): void {
    if (this.stallGate !== undefined) return
    let open = (): void => {}
    const promise = new Promise<void>((resolve) => { open = resolve })
    this.stallGate = { promise, open }
  }

  /** Lets held and new requests through. */
  resume (): void {
    this.stallGate?.open()
    this.stallGate = undefined
  }

  /** Resolves at once, or when the stall is lifted. */
  async passStall (): Promise<void> {
    while (this.stallGate !== undefined) await this.stallGate.promise
  }

  /** The fault for the next push: a scripted step first, else standing. */
  next (): FaultStep | undefined {
    return this.scripted.shift() ?? this.standing ?? undefined
  }

  /** Drops the script and the standing fault, and lifts any stall. */
  clear (): void {
    this.scripted.length = 0
    this.standing = null
    this.resume()
  }
}

function checkStep (step: FaultStep, where: string): void {
  const kinds = ['status', 'reset', 'resetAfterStore', 'hang', 'delayMs']
    .filter((kind) => kind in step)
  if (kinds.length !== 1) {
    throw new InvalidReceiverOptionError(where, 'an object with exactly ' +
      'one of status, reset, resetAfterStore, hang, delayMs', step)
  }

  if ('status' in step) {
    const { status, body, headers } = step
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw new InvalidReceiverOptionError(`${where}.status`,
        'an integer from 200 to 599', status)
    }
    if (body !== undefined && typeof body !== 'string') {
      throw new InvalidReceiverOptionError(`${where}.body`, 'a string', body)
    }
    if (headers !== undefined && !isStringRecord(headers)) {
      throw new InvalidReceiverOptionError(`${where}.headers`,
        'an object of string values', headers)
    }
  } else if ('delayMs' in step) {
    if (!Number.isFinite(step.delayMs) || step.delayMs < 0) {
      throw new InvalidReceiverOptionError(`${where}.delayMs`,
        'a non-negative number', step.delayMs)
    }
  } else if (Object.values(step)[0] !== true) {
    throw new InvalidReceiverOptionError(where,
      'reset, resetAfterStore or hang set to true', step)
  }
}

function isStringRecord (value: unknown): boolean {
  return typeof value === 'object' && value !== null &&
    Object.values(value).every((v) => typeof v === 'string')
}

// The errors the receiver throws to its callers, each with a stable code.

/** Stable codes of the receiver's errors. */
export type ReceiverErrorCode =
  | 'LOKITS_RECEIVER_INVALID_OPTION'
  | 'LOKITS_RECEIVER_WAIT_TIMEOUT'
  | 'LOKITS_RECEIVER_CLOSED'

/** Base class of the receiver's errors; `code` is stable. */
export class ReceiverError extends Error {
  constructor (readonly code: ReceiverErrorCode, message: string) {
    super(message)
    this.name = 'ReceiverError'
  }
}

/** An option (or a fault step) breaks its rule. */
export class InvalidReceiverOptionError extends ReceiverError {
  constructor (option: string, rule: string, value: unknown) {
    super(
      'LOKITS_RECEIVER_INVALID_OPTION',
      `option ${option} must be ${rule}, got ${describe(value)}`
    )
    this.name = 'InvalidReceiverOptionError'
  }
}

function describe (value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'function') return 'a function'
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

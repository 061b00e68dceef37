import type { DropReason } from './errors.js'

/**
 * What became of one push request. The sender returns these as values;
 * the delivery loop decides what to do with each.
 */
export type PushOutcome =
  | { readonly kind: 'sent', readonly status: number }
  | {
      readonly kind: 'retry'
      readonly status: number | undefined
      readonly error: string
      /** From `Retry-After`, when the answer carried one. */
      readonly retryAfterMs: number | undefined
    }
  | {
      readonly kind: 'split'
      readonly status: number
      readonly error: string
    }
  | {
      readonly kind: 'dropped'
      readonly reason: DropReason
      readonly status: number | undefined
      readonly error: string
    }

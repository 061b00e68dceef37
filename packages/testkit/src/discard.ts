// Why the receiver refused entries: Loki's own discard reasons (the
// `reason` label of its `loki_discarded_samples_total` metric).

/**
 * Loki's discard reasons, counted per refused entry of a decoded push. A
 * request refused before its entries are known (bad body, bad labels,
 * too large) shows in the request log instead.
 */
export type DiscardReason =
  | 'max_label_names_per_series'
  | 'label_name_too_long'
  | 'label_value_too_long'
  | 'line_too_long'
  | 'greater_than_max_sample_age'
  | 'too_far_in_future'
  | 'structured_metadata_too_large'
  | 'structured_metadata_too_many'
  | 'too_far_behind'
  | 'stream_limit'
  | 'rate_limited'

/** A refusal of some entries of a request, with Loki's message. */
export interface Discard {
  readonly reason: DiscardReason
  readonly message: string
  /** How many entries this refusal covers. */
  readonly entries: number
  /** 429 for limits on volume, 400 for invalid data. */
  readonly status: 400 | 429
}

/** A refusal of invalid data, which Loki answers with 400. */
export function invalidEntries (
  reason: DiscardReason,
  message: string,
  entries = 1
): Discard {
  return { reason, message, entries, status: 400 }
}

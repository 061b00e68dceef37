/** Bytes of a protobuf varint holding the non-negative integer `n`. */
export function varintSize (n: number): number {
  if (n < 0x80) return 1
  if (n < 0x4000) return 2
  if (n < 0x200000) return 3
  if (n < 0x10000000) return 4
  let size = 5
  for (let rest = Math.floor(n / 0x800000000); rest > 0; rest = Math.floor(rest / 0x80)) size++
  return size
}

/** Bytes of a length-delimited field (tag, length, payload). */
export function fieldSize (payloadBytes: number): number {
  return 1 + varintSize(payloadBytes) + payloadBytes
}

/**
 * Most bytes a stream adds around its entries: the `StreamAdapter` tag and
 * length (at most 5 bytes for any body we send) and its label string.
 */
export function protobufStreamOverhead (labelBytes: number): number {
  return 1 + 5 + fieldSize(labelBytes)
}

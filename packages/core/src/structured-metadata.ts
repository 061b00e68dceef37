import { sanitizeLabelName } from './label-string.js'
import { valueToString } from './safe-json.js'

// Loki 3's default per-entry limits on structured metadata.
const MAX_PAIRS = 128
const MAX_BYTES = 64 * 1024
const MAX_NAME_BYTES = 1024

/**
 * An entry's structured metadata as a flat list `[name, value, ...]`, or
 * undefined when there is none. Names follow the label rules; values
 * become strings; pairs beyond Loki's limits are left out and reported
 * through `fixed`.
 */
export function readMetadata (
  metadata: Readonly<Record<string, unknown>> | undefined,
  fixed: { metadata: number },
): string[] | undefined {
  if (metadata === undefined || metadata === null) return undefined
  let pairs: string[] | undefined
  let bytes = 0
  for (const rawName of Object.keys(metadata)) {
    const value = valueToString(metadata[rawName])
    if (value === undefined || value === '') continue
    const name = sanitizeLabelName(rawName, MAX_NAME_BYTES)
    const size = Buffer.byteLength(name) + Buffer.byteLength(value)
    if ((pairs?.length ?? 0) >= MAX_PAIRS * 2 || bytes + size > MAX_BYTES) {
      fixed.metadata++
      break
    }
    bytes += size
    pairs ??= []
    pairs.push(name, value.toWellFormed())
  }
  return pairs
}

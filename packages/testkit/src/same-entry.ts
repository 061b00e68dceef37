// Loki's identity of two entries of one stream with the same timestamp:
// the same line and the same structured metadata, in any order, compared
// as the strings Loki stores. Bytes are compared first; strings are made
// only where bytes differ but could still decode alike.
import { PAIR_SLOTS, type EntryRows } from './entry-rows.js'
import type { LabelPair } from './push-request.js'
import { sameBytes, sameText } from './utf8-text.js'

/** True when row `a` of `aRows` and row `b` of `bRows` have one content. */
export function sameContent (
  aRows: EntryRows,
  a: number,
  bRows: EntryRows,
  b: number
): boolean {
  if (!sameText(aRows.bytesOf(a), aRows.lineStart[a] as number,
    aRows.lineLength[a] as number, bRows.bytesOf(b),
    bRows.lineStart[b] as number, bRows.lineLength[b] as number)) {
    return false
  }

  const aCount = aRows.pairCount[a] as number
  const bCount = bRows.pairCount[b] as number
  if (aCount === 0 || bCount === 0) return aCount === bCount
  // A resent entry has its pairs in the same order: no need to sort.
  if (aCount === bCount && samePairBytes(aRows, a, bRows, b)) return true
  const left = aRows.metadata(a)
  const right = bRows.metadata(b)
  return samePairs(left, right) || metadataKey(left) === metadataKey(right)
}

function samePairBytes (
  aRows: EntryRows,
  a: number,
  bRows: EntryRows,
  b: number
): boolean {
  const aBytes = aRows.bytesOf(a)
  const bBytes = bRows.bytesOf(b)
  const { pairs: aPairs } = aRows
  const { pairs: bPairs } = bRows
  let bSlot = (bRows.pairStart[b] as number) * PAIR_SLOTS
  const aFirst = (aRows.pairStart[a] as number) * PAIR_SLOTS
  const aEnd = aFirst + (aRows.pairCount[a] as number) * PAIR_SLOTS
  // Names and values alike are a start slot followed by a length slot.
  for (let aSlot = aFirst; aSlot < aEnd; aSlot += 2, bSlot += 2) {
    if (!sameBytes(aBytes, aPairs[aSlot] as number,
      aPairs[aSlot + 1] as number, bBytes, bPairs[bSlot] as number,
      bPairs[bSlot + 1] as number)) {
      return false
    }
  }
  return true
}

function samePairs (
  left: readonly LabelPair[],
  right: readonly LabelPair[]
): boolean {
  return left.length === right.length && left.every((pair, i) =>
    pair.name === right[i]?.name && pair.value === right[i]?.value)
}

// The pairs in name order, so that the order they were sent in does not
// make two entries differ.
function metadataKey (pairs: readonly LabelPair[]): string {
  const sorted = pairs
    .map(({ name, value }) => [name, value])
    .sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1))
  return JSON.stringify(sorted)
}

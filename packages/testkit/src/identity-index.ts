// De-duplication as Loki does it: one entry per (stream, timestamp, line,
// structured metadata). A stream's entries are found by timestamp, which
// clients make (nearly) unique, and only where timestamps meet are lines
// and metadata compared.
import type { LabelPair } from './push-request.js'

/** What identifies an entry within its stream. */
export interface EntryIdentity {
  readonly timestampNs: bigint
  readonly line: string
  readonly structuredMetadata: readonly LabelPair[]
}

const NONE: readonly EntryIdentity[] = []

/** The entries of one stream, as far as identity goes. */
export class IdentityIndex {
  // Clients send a stream's entries in time order, and while they arrive
  // so this list is its own index: an entry newer than the last one is
  // new, and an older one is found by binary search. The first entry out
  // of order moves the index to a map by timestamp for good.
  private inOrder: EntryIdentity[] | undefined = []
  private byTimestamp: Map<bigint, EntryIdentity[]> | undefined

  /** True when an identical entry was added. */
  has (entry: EntryIdentity): boolean {
    const sameTime = this.inOrder === undefined
      ? this.byTimestamp?.get(entry.timestampNs) ?? NONE
      : sameTimeInOrder(this.inOrder, entry.timestampNs)
    return sameTime.some((other) => sameContent(other, entry))
  }

  /** Adds an entry unless an identical one is there; false if it is. */
  add (entry: EntryIdentity): boolean {
    const list = this.inOrder
    const lastNs = list?.[list.length - 1]?.timestampNs
    const ns = entry.timestampNs
    // Newer than all: new, and the list stays in order.
    if (list !== undefined && (lastNs === undefined || ns > lastNs)) {
      list.push(entry)
      return true
    }

    if (this.has(entry)) return false
    if (list !== undefined && ns === lastNs) list.push(entry)
    else addByTimestamp(this.mapped(), entry)
    return true
  }

  private mapped (): Map<bigint, EntryIdentity[]> {
    if (this.byTimestamp !== undefined) return this.byTimestamp

    const map = new Map<bigint, EntryIdentity[]>()
    for (const entry of this.inOrder ?? []) addByTimestamp(map, entry)
    this.inOrder = undefined
    this.byTimestamp = map
    return map
  }
}

function addByTimestamp (
  map: Map<bigint, EntryIdentity[]>,
  entry: EntryIdentity
): void {
  const sameTime = map.get(entry.timestampNs)
  if (sameTime === undefined) map.set(entry.timestampNs, [entry])
  else sameTime.push(entry)
}

/** The entries of a time-ordered list that have the timestamp `ns`. */
function sameTimeInOrder (
  list: readonly EntryIdentity[],
  ns: bigint
): readonly EntryIdentity[] {
  let low = 0
  let high = list.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((list[middle] as EntryIdentity).timestampNs < ns) low = middle + 1
    else high = middle
  }

  const found: EntryIdentity[] = []
  for (let i = low; i < list.length; i++) {
    const entry = list[i] as EntryIdentity
    if (entry.timestampNs !== ns) break
    found.push(entry)
  }
  return found
}

function sameContent (a: EntryIdentity, b: EntryIdentity): boolean {
  if (a.line !== b.line) return false
  const left = a.structuredMetadata
  const right = b.structuredMetadata
  if (left.length === 0 || right.length === 0) {
    return left.length === right.length
  }
  // A resent entry has its pairs in the same order: no need to sort.
  return samePairs(left, right) || metadataKey(left) === metadataKey(right)
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

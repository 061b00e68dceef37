import type { StreamLabels } from './stream-labels.js'
import {
  ENTRY_FIELDS, SIZE, SLAB, STREAM, TENANT, type EntriesMessage,
} from './worker-messages.js'

// The least share of a handed-over slab its records must fill for the
// slab to be queued as it is rather than copied from.
const MIN_IN_PLACE_FILL = 7 / 8

/**
 * Which of the slabs handed to the delivery worker to queue where they
 * lie: those whose records all join one lane and fill most of the slab.
 * A lane's entries leave in order, so such a slab is freed once the lane
 * is past it, and its unused room stays within an eighth. A slab shared
 * by lanes is copied from, or a lane that stalls would keep the others'
 * records alive; so is a slab mostly empty, which would hold more memory
 * than its records count for.
 */
export function slabsKeptInPlace (
  message: EntriesMessage, streams: readonly StreamLabels[],
  laneOf: (tenant: string, stream: StreamLabels) => object,
): boolean[] {
  const { meta, tenants, slabs } = message
  const lanes: (object | null | undefined)[] =
    new Array(slabs.length).fill(undefined)
  const used: number[] = new Array(slabs.length).fill(0)
  for (let at = 0; at < meta.length; at += ENTRY_FIELDS) {
    const slab = meta[at + SLAB] as number
    const lane = laneOf(
      tenants[meta[at + TENANT] as number] as string,
      streams[meta[at + STREAM] as number] as StreamLabels)
    const seen = lanes[slab]
    if (seen === undefined) lanes[slab] = lane
    else if (seen !== lane) lanes[slab] = null
    used[slab] = (used[slab] as number) + (meta[at + SIZE] as number)
  }
  return lanes.map((lane, slab) => lane !== null && lane !== undefined &&
    (used[slab] as number) >=
      (slabs[slab] as Uint8Array).byteLength * MIN_IN_PLACE_FILL)
}

// What a soak may hold on the heap, and what it held. Each client's queue
// is bounded by entries and by bytes; the heap it may cost follows from
// both, plus what does not grow with the load. winston's client keeps its
// queue in a delivery worker and what is on its way there in the main
// thread; pino's worker holds pino's client. Each thread is measured after
// a full GC against the bound of one client.

const MiB = 1024 * 1024

// Per queued entry, on top of its encoded bytes (which maxQueueBytes
// bounds): the QueuedEntry object, its stream and the logger's record
// around it: well under 1 KiB for the soak's lines.
export const PER_ENTRY_OVERHEAD_BYTES = 1024
// What does not grow with the load: the push in flight and the batch
// encoded ahead (maxBytes each, 1 MiB), undici's pool and parser, the
// loggers' own buffers, and what a full GC leaves behind.
export const FIXED_ALLOWANCE_BYTES = 8 * MiB

/** The most one client's queue may add to a heap. */
export function heapBound ({ maxQueueBytes, maxQueueEntries }) {
  return maxQueueBytes + maxQueueEntries * PER_ENTRY_OVERHEAD_BYTES +
    FIXED_ALLOWANCE_BYTES
}

/**
 * Heap after a full GC, in this thread (run with --expose-gc), with the
 * ArrayBuffers its objects own: queued records live in slabs, which
 * heapUsed alone does not count. V8 frees dead ArrayBuffers' memory while
 * the program goes on, so the count is read after a second collection,
 * which starts only once the first has freed it.
 */
export function heapAfterGc () {
  globalThis.gc()
  globalThis.gc()
  const { heapUsed, arrayBuffers } = process.memoryUsage()
  return heapUsed + arrayBuffers
}

/**
 * The heap of another thread after a full GC: the live size of its heap
 * snapshot, which V8 takes after collecting. Node 20 has no other way to
 * read a worker's heap from outside it; the figure is the sum of what its
 * objects hold, slightly under what heapUsed would say, so only growth
 * from the first sample is compared.
 */
export async function workerHeapAfterGc (worker) {
  const chunks = []
  for await (const chunk of await worker.getHeapSnapshot()) chunks.push(chunk)
  const { snapshot: { meta }, nodes } = JSON.parse(Buffer.concat(chunks))
  const stride = meta.node_fields.length
  let bytes = 0
  for (let i = meta.node_fields.indexOf('self_size'); i < nodes.length;
    i += stride) {
    bytes += nodes[i]
  }
  return bytes
}

/**
 * Heap samples after GC: the first is the baseline; growth is the most
 * any later sample (the peak or the end) stands above it.
 */
export class HeapSamples {
  samples = []

  add (bytes) {
    this.samples.push(bytes)
  }

  get atStart () {
    return this.samples[0]
  }

  get atEnd () {
    return this.samples.at(-1)
  }

  get peak () {
    return Math.max(...this.samples)
  }

  get growth () {
    return this.peak - this.atStart
  }
}

export const mib = (bytes) => `${(bytes / MiB).toFixed(1)} MiB`

/** Holds `bytes` of heap until released (a self-check's retained data). */
export function retain (bytes) {
  return Array.from({ length: Math.ceil(bytes / 8) }, Math.random)
}

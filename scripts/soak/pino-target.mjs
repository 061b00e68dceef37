// The soak's pino target, in pino's worker thread: the suite's target
// (the real @lokits/pino transport, each dropped entry's number posted to
// the main thread), plus the worker's heap after a full GC, posted as
// HEAP_EVENT when the transport starts, every `heapSampleMs`, and once it
// has closed. pino's client and its queue live in this thread, out of
// reach of the main thread's measurements. With `retainBytes` (the soak's
// self-check) it holds that much heap to the end, as a leak would.
import pinoTarget, {
  post,
} from '../../test/reliability/fixtures/pino-target.mjs'
import { heapAfterGc, retain } from './heap.mjs'

/** A heap sample of the worker, in bytes after GC. */
export const HEAP_EVENT = 'soak:heap'

export default async function soakPinoTarget (options) {
  const { heapSampleMs, retainBytes = 0, ...transportOptions } = options
  const stream = await pinoTarget(transportOptions)
  const sample = () => post(HEAP_EVENT, heapAfterGc())
  sample()
  const retained = retain(retainBytes)
  const timer = setInterval(sample, heapSampleMs).unref()
  stream.once('close', () => {
    clearInterval(timer)
    sample()
    // What was retained stays reachable until the last sample.
    void retained.length
  })
  return stream
}

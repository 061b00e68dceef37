import { parentPort, workerData } from 'node:worker_threads'
import type { EmitEvent } from './transport-events.js'

interface PinoWorkerData {
  readonly workerData?: { readonly pinoWillSendConfig?: unknown }
}

/**
 * Whether this code runs in a worker that `pino.transport()` started:
 * pino then sends its configuration and waits for the transport's close.
 */
export function inPinoWorker (): boolean {
  const data = workerData as PinoWorkerData | null | undefined
  return parentPort !== null && data?.workerData?.pinoWillSendConfig === true
}

/**
 * Emits an event on the transport stream in the main thread: pino's
 * thread-stream re-emits `EVENT` messages from its worker there.
 */
export const emitInMainThread: EmitEvent = (name, payload) => {
  parentPort?.postMessage({ code: 'EVENT', name, args: [payload] })
}

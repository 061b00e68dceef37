// The delivery worker: a LokiClient in a worker thread that queues,
// batches, encodes and pushes entries prepared in the application's
// thread, and reports every outcome back to it. Started by
// LokiWorkerClient; not meant to be loaded otherwise.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads'
import { LokiClient } from './client.js'
import { enqueueRecord, sending } from './client-internals.js'
import { ReportForwarder } from './report-forwarder.js'
import { SettledTally } from './settled-tally.js'
import type { StreamLabels } from './stream-labels.js'
import {
  ENTRY_FIELDS, NANOS, OFFSET, QUEUED_AT, SECONDS, SEQUENCE, SIZE, SLAB,
  STREAM, TENANT, type EntriesMessage, type ToWorker, type WorkerSetup,
  type WorkerState,
} from './worker-messages.js'

// Streams remembered across messages before the map starts over, as the
// application's thread forgets label sets past the same number.
const MAX_STREAMS = 4096

function start (port: MessagePort, setup: WorkerSetup): void {
  let client: LokiClient | undefined
  const state = (): WorkerState => {
    const stats = client?.stats()
    return {
      receivedEntries: stats?.pushed ?? 0,
      receivedBytes: stats?.pushedBytes ?? 0,
      queuedEntries: stats?.queuedEntries ?? 0,
      queuedBytes: stats?.queuedBytes ?? 0,
      inFlightEntries: stats?.inFlightEntries ?? 0,
      inFlightRequests: stats?.inFlightRequests ?? 0,
      sending: client?.[sending] ?? false,
    }
  }
  const report = new ReportForwarder((message) => port.postMessage(message),
    state, setup.describeDrops, new SettledTally(setup.tally))
  client = new LokiClient(setup.options, { report })
  const streams = new Map<string, StreamLabels>()

  port.on('message', (message: ToWorker) => {
    switch (message.type) {
      case 'entries':
        enqueue(client, message, streams)
        report.add({ type: 'received' })
        break
      case 'flush':
        void client.flush().then(() => {
          report.add({ type: 'flushed', id: message.id })
        })
        report.add({ type: 'flushing' })
        break
      case 'close':
        void client.close({ timeoutMs: message.timeoutMs }).then(() => {
          report.add({ type: 'closed' })
          report.post()
          port.close()
        })
        break
    }
  })
}

function enqueue (
  client: LokiClient, message: EntriesMessage,
  known: Map<string, StreamLabels>,
): void {
  if (known.size > MAX_STREAMS) known.clear()
  const streams = message.streams.map((wire) => {
    let stream = known.get(wire.key)
    if (stream === undefined) {
      // Timestamps were made unique in the application's thread: the
      // newest time of a stream is not kept here.
      stream = { ...wire, newestSeconds: 0, newestNanos: 0 }
      known.set(wire.key, stream)
    }
    return stream
  })
  const slabs = message.slabs.map((slab) =>
    Buffer.from(slab.buffer, slab.byteOffset, slab.byteLength))
  const { meta, tenants } = message
  for (let at = 0; at < meta.length; at += ENTRY_FIELDS) {
    client[enqueueRecord](
      tenants[meta[at + TENANT] as number] as string,
      streams[meta[at + STREAM] as number] as StreamLabels,
      meta[at + SECONDS] as number,
      meta[at + NANOS] as number,
      slabs[meta[at + SLAB] as number] as Buffer,
      meta[at + OFFSET] as number,
      meta[at + SIZE] as number,
      meta[at + SEQUENCE] as number,
      meta[at + QUEUED_AT] as number,
    )
  }
}

if (parentPort !== null) start(parentPort, workerData as WorkerSetup)

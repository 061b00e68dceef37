// The delivery worker: a LokiClient in a worker thread that queues,
// batches, encodes and pushes entries prepared in the application's
// thread, and reports every outcome back to it. Started by
// LokiWorkerClient; not meant to be loaded otherwise.
import {
  parentPort, receiveMessageOnPort, workerData, type MessagePort,
} from 'node:worker_threads'
import { LokiClient } from './client.js'
import { enqueueRecord, laneOf, sending } from './client-internals.js'
import { ReportForwarder } from './report-forwarder.js'
import { slabsKeptInPlace } from './slabs-in-place.js'
import type { StreamLabels } from './stream-labels.js'
import {
  ENTRY_FIELDS, EXIT_ASKED, EXIT_DONE, NANOS, OFFSET, QUEUED_AT, SECONDS,
  SEQUENCE, SIZE, SLAB, STREAM, TENANT, type EntriesMessage, type ToWorker,
  type WorkerSetup, type WorkerState,
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
  const reports = setup.reports
  const report = new ReportForwarder(
    (message) => reports.postMessage(message), state, setup.describeDrops)
  client = new LokiClient(setup.options, { report })
  const streams = new Map<string, StreamLabels>()

  const handle = (message: ToWorker): void => {
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
          reports.close()
        })
        break
    }
  }
  port.on('message', handle)

  onExitAsked(setup.exitFlags, () => {
    // Entries on their way are taken first, without the event loop; then
    // everything known is posted at once, and what is held is counted as
    // cut off by the exit, as a LokiClient would count it.
    for (let got = receiveMessageOnPort(port); got !== undefined;
      got = receiveMessageOnPort(port)) {
      const message = got.message as ToWorker
      if (message.type === 'entries') handle(message)
    }
    report.postAtOnce()
    client.exit()
    report.seal()
  })
}

/**
 * Runs `handle` when the application's thread, exiting, asks for it, then
 * tells it so. The wait is on shared memory: the exiting thread cannot
 * take messages any more, but it can wait for a flag.
 */
function onExitAsked (flags: SharedArrayBuffer, handle: () => void): void {
  const cells = new Int32Array(flags)
  const run = (): void => {
    try {
      handle()
    } finally {
      Atomics.store(cells, EXIT_DONE, 1)
      Atomics.notify(cells, EXIT_DONE)
    }
  }
  const { async, value } = Atomics.waitAsync(cells, EXIT_ASKED, 0)
  // Asked before this worker was up: the process is exiting already.
  if (async) void value.then(run)
  else run()
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
  const inPlace = slabsKeptInPlace(message, streams,
    (tenant, stream) => client[laneOf](tenant, stream))
  for (let at = 0; at < meta.length; at += ENTRY_FIELDS) {
    const slab = meta[at + SLAB] as number
    client[enqueueRecord](
      tenants[meta[at + TENANT] as number] as string,
      streams[meta[at + STREAM] as number] as StreamLabels,
      meta[at + SECONDS] as number,
      meta[at + NANOS] as number,
      slabs[slab] as Buffer,
      meta[at + OFFSET] as number,
      meta[at + SIZE] as number,
      meta[at + SEQUENCE] as number,
      meta[at + QUEUED_AT] as number,
      inPlace[slab] as boolean,
    )
  }
}

if (parentPort !== null) start(parentPort, workerData as WorkerSetup)

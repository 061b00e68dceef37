// winston-loki, the most used winston transport for Loki. By default it
// batches every 5 s with no bound, in snappy protobuf (through the native
// `snappy` package, its optional dependency). Tuned for throughput: a
// batch every second, so that no single batch grows to the whole run.
import LokiTransport from 'winston-loki'
import { LABELS, STREAM_KEY } from './shared-labels.mjs'
import { winstonLogger } from './winston-logger.mjs'

export function create ({ url, tuned }) {
  const transport = new LokiTransport({
    host: url,
    labels: LABELS,
    ...(tuned ? { interval: 1 } : {}),
  })
  // close() resolves before a send already under way has been answered:
  // flush() waits for that one too.
  const close = async () => {
    await transport.close()
    await transport.flush()
  }
  return winstonLogger(transport, close, streamLabel)
}

// Its way to a per-entry stream is a `labels` field of the info.
function streamLabel (fields) {
  const shard = fields[STREAM_KEY]
  return shard === undefined ? fields : { ...fields, labels: { shard } }
}

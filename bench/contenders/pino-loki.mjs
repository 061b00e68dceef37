// pino-loki, the most used pino transport for Loki, by its README: the
// default batches every 5 s and keeps at most 10,000 records, dropping
// the oldest beyond. Tuned for throughput: an unbounded buffer (its
// README's `maxBufferSize: 0`) sent every second, so that a burst is
// neither dropped nor held for long.
import { LABELS, streamKeys } from './shared-labels.mjs'
import { pinoLogger } from './pino-logger.mjs'

const TUNED = { batching: { interval: 1, maxBufferSize: 0 } }

export function create ({ url, tuned, scenario }) {
  return pinoLogger('pino-loki', {
    host: url,
    labels: LABELS,
    propsToLabels: streamKeys(scenario),
    ...(tuned ? TUNED : {}),
  })
}

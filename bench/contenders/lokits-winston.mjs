// Our winston transport in its default configuration.
import { LokiTransport } from '@lokits/winston'
import { LABELS, streamKeys } from './shared-labels.mjs'
import { winstonLogger } from './winston-logger.mjs'

export function create ({ url, scenario }) {
  const transport = new LokiTransport({
    url,
    labels: LABELS,
    labelKeys: streamKeys(scenario),
  })
  return winstonLogger(transport, () => transport.close())
}

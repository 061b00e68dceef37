// Our pino transport in its default configuration.
import { LABELS, streamKeys } from './shared-labels.mjs'
import { pinoLogger } from './pino-logger.mjs'

export function create ({ url, scenario }) {
  return pinoLogger('@lokits/pino', {
    url,
    labels: LABELS,
    labelKeys: streamKeys(scenario),
  })
}

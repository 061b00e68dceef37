import type { LokiStats } from './stats.js'
import { DROP_REASONS } from './errors.js'
import { REQUEST_DURATION_BUCKETS_SECONDS } from './stats.js'

/** Anything with stats: a client, or a relay of a client's stats. */
export interface StatsSource {
  /** The latest stats, or undefined when none arrived yet. */
  stats(): LokiStats | undefined
}

/** The part of a prom-client `Registry` this module uses. */
export interface MetricRegistry {
  /** Adds a metric; prom-client's `Registry` has this method. */
  registerMetric(metric: never): void
}

/** Options of {@link registerLokiMetrics}. */
export interface LokiMetricsOptions {
  /** Prefix of every metric name. @default 'lokits_' */
  readonly prefix?: string
  /** Labels added to every sample, to tell clients apart. @default {} */
  readonly labels?: Readonly<Record<string, string>>
}

type Sample = {
  labels: Record<string, string | number>
  value: number
  metricName?: string
}

interface MetricDefinition {
  readonly name: string
  readonly help: string
  readonly type: 'counter' | 'gauge' | 'histogram'
  readonly samples: (stats: LokiStats) => Sample[]
}

const REQUEST_OUTCOMES = {
  success: 'success',
  rateLimited: 'rate_limited',
  clientError: 'client_error',
  serverError: 'server_error',
  network: 'network',
} as const

/**
 * Registers a client's counters with a prom-client registry: read at each
 * scrape from `stats()`, so they cost nothing between scrapes. The source
 * may be a {@link LokiClient} or a relay of the stats of a client living
 * in another thread (the pino transport's worker).
 *
 * @example
 * ```ts
 * import { Registry } from 'prom-client'
 * import { registerLokiMetrics } from '@lokits/core/prometheus'
 * registerLokiMetrics(new Registry(), client, { labels: { logger: 'api' } })
 * ```
 */
export function registerLokiMetrics (
  registry: MetricRegistry,
  source: StatsSource,
  options: LokiMetricsOptions = {},
): void {
  const prefix = options.prefix ?? 'lokits_'
  const constant = options.labels ?? {}
  for (const definition of DEFINITIONS) {
    const name = prefix + definition.name
    const metric = {
      name,
      help: definition.help,
      type: definition.type,
      aggregator: 'sum',
      get: async () => {
        const stats = source.stats()
        const values = stats === undefined
          ? []
          : definition.samples(stats).map((sample) => ({
            ...sample,
            labels: { ...sample.labels, ...constant },
            ...(sample.metricName === undefined
              ? {}
              : { metricName: name + sample.metricName }),
          }))
        return { name, help: definition.help, type: definition.type,
          aggregator: 'sum', values }
      },
      reset: () => {},
    }
    registry.registerMetric(metric as never)
  }
}

function one (value: number): Sample[] {
  return [{ labels: {}, value }]
}

const DEFINITIONS: readonly MetricDefinition[] = [
  { name: 'entries_pushed_total', type: 'counter',
    help: 'Log entries given to the client, dropped ones included.',
    samples: (s) => one(s.pushed) },
  { name: 'entries_sent_total', type: 'counter',
    help: 'Log entries Loki accepted.',
    samples: (s) => one(s.sent) },
  { name: 'sent_bytes_total', type: 'counter',
    help: 'Bytes of push bodies Loki accepted, compressed.',
    samples: (s) => one(s.sentBytes) },
  { name: 'entries_dropped_total', type: 'counter',
    help: 'Log entries that will not be delivered, by reason.',
    samples: (s) => DROP_REASONS.map((reason) =>
      ({ labels: { reason }, value: s.droppedByReason[reason] })) },
  { name: 'retries_total', type: 'counter',
    help: 'Push attempts after the first.',
    samples: (s) => one(s.retries) },
  { name: 'requests_total', type: 'counter',
    help: 'Push requests by outcome.',
    samples: (s) => Object.entries(REQUEST_OUTCOMES).map(([key, outcome]) =>
      ({ labels: { outcome },
        value: s.requests[key as keyof typeof REQUEST_OUTCOMES] })) },
  { name: 'request_duration_seconds', type: 'histogram',
    help: 'Duration of push requests, whatever their outcome.',
    samples: (s) => [
      ...REQUEST_DURATION_BUCKETS_SECONDS.map((le, i) => ({
        labels: { le }, value: s.requestDuration.buckets[i] ?? 0,
        metricName: '_bucket' })),
      { labels: { le: '+Inf' }, value: s.requestDuration.count,
        metricName: '_bucket' },
      { labels: {}, value: s.requestDuration.sumSeconds, metricName: '_sum' },
      { labels: {}, value: s.requestDuration.count, metricName: '_count' },
    ] },
  { name: 'queue_entries', type: 'gauge',
    help: 'Log entries waiting for a batch.',
    samples: (s) => one(s.queuedEntries) },
  { name: 'queue_bytes', type: 'gauge',
    help: 'Encoded bytes of the log entries waiting for a batch.',
    samples: (s) => one(s.queuedBytes) },
  { name: 'in_flight_requests', type: 'gauge',
    help: 'Push requests under way.',
    samples: (s) => one(s.inFlightRequests) },
  { name: 'in_flight_entries', type: 'gauge',
    help: 'Log entries in push requests under way.',
    samples: (s) => one(s.inFlightEntries) },
  { name: 'waiting_pushes', type: 'gauge',
    help: 'Pushes waiting for room in block mode.',
    samples: (s) => one(s.waitingPushes) },
]

// What every Loki contender is told about streams, so that all of them
// store the same streams: one static label, and in the streams scenario
// the record field that spreads it over its streams. Elsewhere no field
// is promoted, as a user without such labels would configure it (ours
// then need not parse each line).
export const LABELS = Object.freeze({ app: 'bench' })
export const STREAM_KEY = 'shard'

/** The fields to promote to labels in `scenario`. */
export function streamKeys (scenario) {
  return scenario.record === 'streams' ? [STREAM_KEY] : []
}

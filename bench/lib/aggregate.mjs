// Rounds to the report: the median of every metric per scenario and
// contender, and ratios taken pair by pair within each round (both runs
// of a pair saw the same machine at nearly the same time), then their
// median.
import { METRIC_NAMES } from './metrics.mjs'
import { median } from './statistics.mjs'

/** `{ [scenario]: { [contender]: { metric: median } } }` */
export function medians (runs) {
  const grouped = new Map()
  for (const run of runs) {
    const key = `${run.scenario}\u0000${run.contender}`
    if (!grouped.has(key)) grouped.set(key, [])
    grouped.get(key).push(run.metrics)
  }
  const table = {}
  for (const [key, list] of grouped) {
    const [scenario, contender] = key.split('\u0000')
    table[scenario] ??= {}
    table[scenario][contender] = Object.fromEntries(METRIC_NAMES.map(
      (name) => [name, median(list.map((m) => m[name]))]))
    table[scenario][contender].rounds = list.length
  }
  return table
}

/**
 * The median over rounds of `compute(...metrics)`, where `metrics` are
 * those of the contenders `ids`, in that order, in the same round of a
 * scenario. Rounds missing one of them are left out.
 */
export function paired (runs, scenario, ids, compute) {
  const byRound = new Map()
  for (const run of runs) {
    if (run.scenario !== scenario || !ids.includes(run.contender)) continue
    if (!byRound.has(run.round)) byRound.set(run.round, {})
    byRound.get(run.round)[run.contender] = run.metrics
  }
  const values = [...byRound.values()]
    .filter((round) => ids.every((id) => round[id] !== undefined))
    .map((round) => compute(...ids.map((id) => round[id])))
  return median(values)
}

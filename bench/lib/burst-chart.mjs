// The report's chart: the burst scenario, delivered entries per second
// and CPU per delivered entry, one bar per contender.
import { barChart } from './chart-svg.mjs'
import { count, fixed } from './format.mjs'

export function burstChart (table, contenders, quick) {
  const burst = table.burst ?? {}
  const present = contenders.filter((c) => burst[c.id] !== undefined)
  const rows = (metric) => present.map((c) => ({
    label: c.label, role: c.role, value: burst[c.id][metric],
  }))
  const command = quick ? 'pnpm bench --quick (small sizes)' : 'pnpm bench'
  return barChart([
    { title: 'Burst: delivered entries per second (higher is better)',
      rows: rows('deliveredPerSecond'), format: count },
    { title: 'Burst: CPU µs per delivered entry, all threads ' +
        '(lower is better)',
      rows: rows('cpuUsPerEntry'), format: (v) => fixed(v) },
  ], `Medians over rounds of ${command}; floors log to a destination ` +
    'that costs nothing.')
}

// The targets of the benchmark issue, checked on one run's rounds. Every
// ratio is taken pair by pair (see aggregate.mjs).
import { paired } from './aggregate.mjs'

const FAMILIES = [
  { family: 'pino', ours: 'lokits-pino', floor: 'pino-floor',
    competitors: ['pino-loki', 'pino-loki-tuned'] },
  { family: 'winston', ours: 'lokits-winston', floor: 'winston-floor',
    competitors: ['winston-loki', 'winston-loki-tuned'] },
]

const deliveredVsFloor = (ours, floor) =>
  ours.deliveredPerSecond / floor.deliveredPerSecond
const addedCpu = (m, floor) => m.cpuUsPerEntry - floor.cpuUsPerEntry

/** One row per target and family: `{ target, family, value, goal, met }`. */
export function checkTargets (runs, table) {
  const rows = []
  const add = (target, family, value, goal, met, detail = '') => {
    rows.push({ target, family, value, goal, met, detail })
  }
  for (const { family, ours, floor, competitors } of FAMILIES) {
    const burst = table.burst
    if (burst?.[ours] === undefined) continue
    if (burst[floor] !== undefined) {
      const rate = paired(runs, 'burst', [ours, floor], deliveredVsFloor)
      add('burst: delivered/s vs the floor\'s logging rate', family,
        rate, '≥ 0.8×', rate >= 0.8)
    }
    for (const competitor of competitors) {
      if (burst[competitor] === undefined || burst[floor] === undefined) {
        continue
      }
      // Both runs of a round are compared to the floor of that round.
      const share = paired(runs, 'burst', [ours, competitor, floor],
        (o, c, f) => addedCpu(o, f) / addedCpu(c, f))
      const perLogged = paired(runs, 'burst', [ours, competitor, floor],
        (o, c, f) => (o.cpuUsPerLogged - f.cpuUsPerLogged) /
          (c.cpuUsPerLogged - f.cpuUsPerLogged))
      add(`burst: CPU added per delivered entry vs ${competitor}`, family,
        share, '≤ 0.25×', share <= 0.25,
        `per logged entry: ${perLogged.toFixed(2)}×`)
    }
    if (family === 'pino' && burst[floor] !== undefined) {
      const call = paired(runs, 'burst', [ours, floor],
        (a, b) => a.syncUsPerCall / b.syncUsPerCall)
      add('burst: main-thread time per log call vs the floor', family,
        call, '≤ 1.3×', call <= 1.3)
    }
    const steady = table['steady-50k']?.[ours]
    if (family === 'winston' && steady !== undefined) {
      add('50,000/s: event-loop delay p99 (ms)', family,
        steady.delayP99Ms, '< 10 ms', steady.delayP99Ms < 10)
    }
    // Every round counts here, not the median: one lost entry is a miss.
    const lost = lostByScenario(runs, ours)
    const total = [...lost.values()].reduce((n, l) => n + l, 0)
    add('entries lost, every scenario and round', family, total, '0',
      total === 0, [...lost].filter(([, l]) => l > 0)
        .map(([scenario, l]) => `${scenario}: ${l}`).join(', '))
  }
  return rows
}

function lostByScenario (runs, id) {
  const lost = new Map()
  for (const run of runs) {
    if (run.contender !== id) continue
    lost.set(run.scenario, (lost.get(run.scenario) ?? 0) + run.metrics.lost)
  }
  return lost
}

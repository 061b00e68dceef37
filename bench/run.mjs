// `pnpm bench`: every contender through every scenario, several rounds,
// each run in a fresh process against a fresh receiver in a process of
// its own; then docs/benchmarks.md and its chart. `--quick` writes to
// .bench-out/ instead, `--profile` profiles and `--jit` traces the
// optimizing compiler instead of measuring.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CONTENDERS } from './contenders/index.mjs'
import { medians } from './lib/aggregate.mjs'
import { burstChart } from './lib/burst-chart.mjs'
import { runEncoders } from './lib/encoders.mjs'
import { load, machine } from './lib/machine.mjs'
import { metricsOf } from './lib/metrics.mjs'
import { readOptions, USAGE } from './lib/options.mjs'
import { jitRuns } from './lib/jit-runs.mjs'
import { profileRuns } from './lib/profile-runs.mjs'
import { spawnReceiver } from './lib/receiver-handle.mjs'
import { renderReport } from './lib/report.mjs'
import { runContender } from './lib/run-contender.mjs'
import { scenarios as scenarioPlan } from './lib/scenarios.mjs'
import { checkTargets } from './lib/targets.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..')
// Raw results of the last run (git ignores .bench-out/).
const OUT = join(root, '.bench-out')
const RESULTS = 'results.json'

function log (text) {
  process.stderr.write(text + '\n')
}

// Each round starts the list at another contender, so that none always
// runs first (cold disk cache) or right after the heaviest one.
function rotate (list, by) {
  const k = by % list.length
  return [...list.slice(k), ...list.slice(0, k)]
}

async function measureAll (options, scenarios, contenders) {
  const receiver = await spawnReceiver()
  const runs = []
  const failures = []
  try {
    const rounds = Math.max(...scenarios.map((s) => s.rounds))
    for (let round = 1; round <= rounds; round++) {
      for (const scenario of scenarios) {
        if (round > scenario.rounds) continue
        for (const c of rotate(contenders, round - 1)) {
          const run = await runContender(receiver, c, scenario)
          if (!run.ok) {
            failures.push(run.error)
            log(`round ${round} ${scenario.name} ${c.id}: FAILED`)
            continue
          }
          const metrics = metricsOf(run, c.role)
          runs.push({ round, scenario: scenario.name, contender: c.id,
            role: c.role, raw: run, metrics })
          log(`round ${round} ${scenario.name} ${c.id}: ` +
            `${Math.round(metrics.deliveredPerSecond)}/s, ` +
            `${metrics.cpuUsPerEntry.toFixed(1)} µs CPU/entry, ` +
            `lost ${metrics.lost}`)
        }
      }
    }
  } finally {
    await receiver.close()
  }
  return { runs, failures }
}

function selected (options) {
  return {
    scenarios: scenarioPlan(options.quick, options.scenarios,
      options.warmup, options.rounds),
    contenders: CONTENDERS.filter((c) => options.contenders.length === 0 ||
      options.contenders.includes(c.id)),
  }
}

async function measure (options) {
  const { scenarios, contenders } = selected(options)
  const started = Date.now()
  const loadBefore = load()
  const { runs, failures } = await measureAll(options, scenarios, contenders)
  const meta = {
    command: `pnpm bench${process.argv.slice(2).map((a) => ' ' + a).join('')}`,
    date: new Date(started).toISOString().slice(0, 16).replace('T', ' ') +
      ' UTC',
    quick: options.quick,
    rounds: Math.max(...scenarios.map((s) => s.rounds)),
    roundsByScenario: Object.fromEntries(
      scenarios.map((s) => [s.name, s.rounds])),
    warmup: scenarios[0]?.warmup ?? 0,
    warmupPhases: scenarios[0]?.warmupPhases ?? 1,
    machine: machine(),
    loadBefore,
    loadAfter: load(),
    durationS: (Date.now() - started) / 1000,
  }
  const results = { meta, scenarios, contenders, runs, failures }
  // Saved before the encoders run, so that the runs outlive their failure.
  save(results, options.quick)
  if (options.encoders) {
    try {
      results.encoders = runEncoders(options.quick)
    } catch (error) {
      failures.push(`encoders: ${String(error.message).split('\n')[0]}`)
    }
    save(results, options.quick)
  }
  return results
}

function save (results, quick) {
  mkdirSync(OUT, { recursive: true })
  writeFileSync(join(OUT, quick ? 'results-quick.json' : RESULTS),
    JSON.stringify(results, null, 2))
}

// Writes the report and its chart; quick runs go to .bench-out/ only.
function render ({ meta, scenarios, contenders, runs: stored, failures,
  encoders }) {
  // Metrics are computed again from the raw runs, so that a change in
  // how they are derived applies to earlier results too.
  const runs = stored.map((r) => r.raw === undefined
    ? r
    : { ...r, metrics: metricsOf(r.raw, r.role) })
  const table = medians(runs)
  const targets = checkTargets(runs, table)
  const dir = meta.quick ? OUT : join(root, 'docs')
  const chartFile = 'benchmarks.svg'
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, chartFile), burstChart(table, contenders, meta.quick))
  writeFileSync(join(dir, 'benchmarks.md'), renderReport({ meta, scenarios,
    contenders, runs, table, targets, encoders, chartFile,
    notes: readFileSync(join(here, 'notes.md'), 'utf8') }))
  for (const t of targets) {
    log(`${t.met ? 'met   ' : 'MISSED'} ${t.family}: ${t.target}: ` +
      `${Number(t.value).toFixed(2)} (goal ${t.goal}) ${t.detail}`)
  }
  for (const failure of failures) log(`failed: ${failure}`)
  log(`wrote ${join(dir, 'benchmarks.md')}`)
  if (failures.length > 0) process.exitCode = 1
}

async function main () {
  const options = readOptions(process.argv.slice(2))
  if (options.help) return log(USAGE)
  if (options.profile || options.jit) {
    const { scenarios, contenders } = selected(options)
    return (options.jit ? jitRuns : profileRuns)(scenarios, contenders, log)
  }
  const results = options.render
    ? JSON.parse(readFileSync(join(OUT, RESULTS), 'utf8'))
    : await measure(options)
  render(results)
}

main().catch((error) => {
  log(error?.stack ?? String(error))
  process.exit(1)
})

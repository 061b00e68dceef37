// docs/benchmarks.md from one run: how it ran, the targets, a table per
// scenario, ratios pair by pair, the encoders, and the notes kept by hand
// in bench/notes.md (what profiles showed).
import { paired } from './aggregate.mjs'
import { count, fixed, ratio, table } from './format.mjs'
import { median } from './statistics.mjs'

const SCENARIO_HEADER = [
  'contender', 'delivered/s', 'CPU ms / 10k entries',
  'main thread µs / call', 'event-loop p99 ms', 'peak RSS MB',
  'lost (of logged)', 'wire bytes / entry', 'pushes (failed)',
  'receiver busy ms',
]

function scenarioTable (scenario, row, contenders) {
  const rows = contenders
    .filter((c) => row[c.id] !== undefined)
    .map((c) => {
      const m = row[c.id]
      const lost = c.role === 'floor'
        ? 'n/a'
        : `${count(m.lost)} of ${count(m.logged)}`
      return [c.label, count(m.deliveredPerSecond), fixed(m.cpuMsPer10k),
        fixed(m.syncUsPerCall, 2), fixed(m.delayP99Ms), fixed(m.maxRssMb, 0),
        lost, fixed(m.wireBytesPerEntry),
        `${count(m.requests)} (${count(m.failedRequests)})`,
        c.role === 'floor' ? 'n/a' : count(m.receiverBusyMs)]
    })
  return `### ${scenario.title} (\`${scenario.name}\`, ` +
    `${count(scenario.count)} records)\n\n${table(SCENARIO_HEADER, rows)}`
}

function pairTable (runs, scenarios, contenders) {
  const rows = []
  for (const ours of contenders.filter((c) => c.role === 'ours')) {
    const rivals = contenders.filter((c) =>
      c.family === ours.family && c.role === 'competitor')
    for (const scenario of scenarios) {
      for (const rival of rivals) {
        const ids = [ours.id, rival.id]
        const rate = paired(runs, scenario.name, ids,
          (a, b) => a.deliveredPerSecond / b.deliveredPerSecond)
        const cpu = paired(runs, scenario.name, ids,
          (a, b) => a.cpuUsPerEntry / b.cpuUsPerEntry)
        const call = paired(runs, scenario.name, ids,
          (a, b) => a.syncUsPerCall / b.syncUsPerCall)
        if (!Number.isFinite(rate) && !Number.isFinite(cpu)) continue
        rows.push([ours.label, rival.label, scenario.name, ratio(rate),
          ratio(cpu), ratio(call)])
      }
    }
  }
  return table(['ours', 'against', 'scenario', 'delivered/s',
    'CPU per delivered entry', 'main thread per call'], rows)
}

// Medians hide a loss that happens in some rounds only: every round of
// every contender that lost anything is listed.
function lossTable (runs, scenarios, contenders) {
  const rows = []
  for (const scenario of scenarios) {
    for (const c of contenders) {
      const mine = runs.filter((r) =>
        r.scenario === scenario.name && r.contender === c.id)
      if (!mine.some((r) => r.metrics.lost > 0)) continue
      rows.push([scenario.name, c.label, mine
        .map((r) => `${count(r.metrics.lost)}`).join(', '),
        count(mine[0].metrics.logged)])
    }
  }
  return rows.length === 0
    ? 'No contender lost an entry.'
    : table(['scenario', 'contender', 'lost, round by round', 'logged'], rows)
}

function targetTable (targets) {
  return table(['target', 'logger', 'measured', 'goal', ''],
    targets.map((t) => [t.target, t.family,
      t.target.startsWith('entries lost') ? count(t.value)
        : t.goal.endsWith('ms') ? fixed(t.value, 1) : ratio(t.value),
      t.goal, (t.met ? 'met' : '**missed**') +
        (t.detail ? ` (${t.detail})` : '')]))
}

function encoderTable (encoders) {
  return table(['batch of 1,000', 'format', 'push path entries/s',
    'encode entries/s', 'wire bytes / entry'],
  encoders.map((e) => [e.case, e.format, count(e.prepareEntriesPerSecond),
    count(e.entriesPerSecond), fixed(e.wireBytesPerEntry)]))
}

function versions (meta) {
  return Object.entries(meta.machine.versions)
    .map(([name, v]) => `${name} ${v}`).join(', ')
}

// "5 rounds", or "5 rounds (burst: 11)" when scenarios differ.
function roundsText ({ rounds, roundsByScenario }) {
  if (roundsByScenario === undefined) return `${rounds} rounds`
  const counts = Object.values(roundsByScenario)
  const usual = median(counts)
  const others = Object.entries(roundsByScenario)
    .filter(([, n]) => n !== usual).map(([name, n]) => `${name}: ${n}`)
  return `${usual} rounds` +
    (others.length === 0 ? '' : ` (${others.join(', ')})`)
}

function warmupText (warmup, phases = 1) {
  // Results written before the warm-up existed have no such field.
  if (warmup === undefined) return 'each run measured from a cold start'
  if (warmup === 0) return 'each run measured from a cold start (--no-warmup)'
  const bursts = phases > 1
    ? ` in ${phases} bursts, each delivered before the next,`
    : ''
  return `each run in a fresh process logs ${warmup.toLocaleString('en')} ` +
    `records first${bursts} and is measured once the receiver has them ` +
    '(or has had nothing new for 5.5 s): a service that is up, its code ' +
    'compiled, its connection open, and gone from idle to busy before'
}

export function renderReport ({ meta, scenarios, contenders, runs, table: t,
  targets, encoders, notes, chartFile }) {
  const m = meta.machine
  const parts = [
    '# Benchmarks',
    '',
    'Our pino and winston transports side by side with pino-loki and ' +
    'winston-loki, and with each logger\'s floor: the same logger writing ' +
    'to a destination that costs nothing. Generated by `' +
    meta.command + '`; the prose at the end is kept in `bench/notes.md`.',
    '',
    `- date: ${meta.date}, ${roundsText(meta)}, medians reported` +
      (meta.quick ? ' (**quick mode**: small sizes, not for comparison)' : ''),
    `- ${warmupText(meta.warmup, meta.warmupPhases)}`,
    `- machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, ` +
      `Node ${m.node}; 1-minute load ${fixed(meta.loadBefore, 2)} before, ` +
      `${fixed(meta.loadAfter, 2)} after`,
    `- versions: ${versions(meta)} (commit ${m.commit})`,
    `- duration: ${fixed(meta.durationS, 0)} s`,
    '',
    '## Targets',
    '',
    targetTable(targets),
    '',
    `![burst: delivered entries per second and CPU per entry](${chartFile})`,
    '',
    '## Results by scenario',
    '',
    'Delivered/s runs from the first log call to the last entry stored by ' +
    'the receiver (for a floor: to its transport\'s close). CPU counts ' +
    'every thread of the logging process, per delivered entry. Main ' +
    'thread time counts only the synchronous log calls. Lost is logged ' +
    'minus stored, so de-duplicated entries count as lost. Receiver busy ' +
    'is the sum, over pushes, of the time from arrival to answer: time a ' +
    'client spent waiting on this receiver rather than on itself.',
    '',
    ...scenarios.filter((s) => t[s.name] !== undefined).flatMap((s) =>
      [scenarioTable(s, t[s.name], contenders), '']),
    '## Entries lost, round by round',
    '',
    lossTable(runs, scenarios, contenders),
    '',
    '## Ours against each competitor, pair by pair',
    '',
    'Each ratio is ours over theirs within one round, median over rounds: ' +
    'above 1 is better for delivered/s, below 1 is better for the others.',
    '',
    pairTable(runs, scenarios, contenders),
    '',
    '## Encoders of the core',
    '',
    'A batch of 1,000 pino request logs, prepared as `push()` does (stream, ' +
    'timestamp, size, and for JSON the entry\'s encoded value) and encoded ' +
    'as a push body. In one process, one thread.',
    '',
    encoders === undefined ? '(not run)' : encoderTable(encoders),
    '',
    notes.trim(),
    '',
  ]
  return parts.join('\n')
}

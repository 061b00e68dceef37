// The scenarios every contender runs, in a full and a quick size. The
// quick sizes keep `pnpm bench --quick` under a minute for development;
// only the full sizes are meant for the numbers in docs/benchmarks.md.
//
// Kinds of loop (see drive.mjs):
// - steady: a paced stream at `ratePerSecond`, as a busy server logs;
// - chunked: `count` records as fast as possible, `chunk` per event-loop
//   turn, as a burst of requests arrives;
// - loop: `count` records in one synchronous loop.

// Rounds of a full run. The burst, where the targets are checked, runs
// more: on a machine shared with others the ratio of two runs of one
// round varies by a third (0.52 to 0.86 for the same code), and a median
// of five would move more than the margins it is judged by.
const ROUNDS = 5
const BURST_ROUNDS = 11

const SCENARIOS = [
  {
    name: 'steady-20k',
    title: 'steady stream, 20,000 request logs/s',
    kind: 'steady',
    record: 'request',
    ratePerSecond: 20_000,
    full: { count: 60_000 },
    quick: { count: 5000 },
  },
  {
    name: 'steady-50k',
    title: 'steady stream, 50,000 request logs/s',
    kind: 'steady',
    record: 'request',
    ratePerSecond: 50_000,
    full: { count: 150_000 },
    quick: { count: 12_500 },
  },
  {
    name: 'burst',
    title: 'burst of 100,000 request logs',
    kind: 'chunked',
    record: 'request',
    chunk: 1000,
    full: { count: 100_000, rounds: BURST_ROUNDS },
    quick: { count: 10_000 },
  },
  {
    name: 'identical',
    title: '1,000 identical lines in a loop',
    kind: 'loop',
    record: 'identical',
    full: { count: 1000 },
    quick: { count: 1000 },
  },
  {
    name: 'streams-200',
    title: '200 distinct streams',
    kind: 'chunked',
    record: 'streams',
    chunk: 1000,
    full: { count: 50_000 },
    quick: { count: 5000 },
  },
  {
    name: 'lines-4kb',
    title: 'lines of 4 KB',
    kind: 'chunked',
    record: 'large',
    chunk: 250,
    full: { count: 10_000 },
    quick: { count: 1000 },
  },
]

// Records every run logs before it is measured, as a server that is up
// has: its code compiled, its connections open. Then the measured part
// shows what logging costs a running service, not a fresh process. They
// come in bursts, each delivered before the next: a service that is up
// has gone from idle to busy before, and code that runs only then (a
// queue that fills again, a batch that starts again) is compiled for it,
// as it is for every later burst.
const WARMUP = { full: 20_000, quick: 2000 }
const WARMUP_PHASES = 2

/**
 * The scenarios at the size of the mode, optionally only some by name;
 * `warmup: false` measures each run from a cold start; `rounds`, when
 * given, replaces each scenario's own number of rounds.
 */
export function scenarios (quick, only = [], warmup = true, rounds) {
  return SCENARIOS
    .filter((s) => only.length === 0 || only.includes(s.name))
    .map(({ full, quick: small, ...rest }) => ({
      ...rest,
      rounds: rounds ?? (quick ? 1 : ROUNDS),
      ...(quick ? small : full),
      ...(rounds === undefined ? {} : { rounds }),
      warmup: warmup ? (quick ? WARMUP.quick : WARMUP.full) : 0,
      warmupPhases: WARMUP_PHASES,
    }))
}

export function scenarioNames () {
  return SCENARIOS.map((s) => s.name)
}

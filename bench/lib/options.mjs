// The command line of `pnpm bench`.
import { parseArgs } from 'node:util'

export const USAGE = `usage: pnpm bench [--quick] [--rounds N]
  [--scenarios a,b] [--contenders a,b] [--profile] [--jit] [--no-encoders]
  [--no-warmup] [--render]

  --quick        small sizes and one round, for development (< 1 min);
                 the report goes to .bench-out/, not docs/
  --rounds N     rounds of every scenario (default 5, the burst 11;
                 quick 1)
  --scenarios    only these scenarios (names as in lib/scenarios.mjs)
  --contenders   only these contenders (ids as in contenders/index.mjs)
  --profile      one run of each selected pair under --cpu-prof, and the
                 top self-time functions of every thread
  --jit          one run of each selected pair under --trace-opt and
                 --trace-deopt: what V8 compiled and threw away while the
                 run was measured
  --no-encoders  skip the encoder micro-benchmarks
  --no-warmup    measure every run from a cold start (by default each
                 logs 20,000 records first, delivered before measuring)
  --render       write docs/benchmarks.md again from the last full run's
                 results (.bench-out/results.json), e.g. after editing
                 bench/notes.md`

export function readOptions (argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      scenarios: { type: 'string', default: '' },
      contenders: { type: 'string', default: '' },
      profile: { type: 'boolean', default: false },
      jit: { type: 'boolean', default: false },
      'no-encoders': { type: 'boolean', default: false },
      'no-warmup': { type: 'boolean', default: false },
      render: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  })
  // Without --rounds, each scenario runs its own number of rounds
  // (lib/scenarios.mjs); with it, every scenario runs that many.
  const rounds = values.rounds === undefined
    ? undefined
    : Number(values.rounds)
  if (rounds !== undefined && (!Number.isInteger(rounds) || rounds < 1)) {
    throw new Error(`--rounds must be an integer >= 1, got ${values.rounds}`)
  }
  return {
    help: values.help,
    quick: values.quick,
    rounds,
    scenarios: list(values.scenarios),
    contenders: list(values.contenders),
    profile: values.profile,
    jit: values.jit,
    encoders: !values['no-encoders'],
    warmup: !values['no-warmup'],
    render: values.render,
  }
}

function list (text) {
  return text === '' ? [] : text.split(',').map((s) => s.trim())
}

// `pnpm bench --jit`: one run of each selected contender and scenario
// under V8's --trace-opt and --trace-deopt, and what the optimizing
// compiler did while the run was measured: how many functions it
// compiled and for how long (on V8's helper threads, which share the
// cores with the logger), and which optimized code it threw away. A
// measured part that compiles much is not yet what a running service
// does; one that deoptimizes often points at code to reshape.
import { spawnReceiver } from './receiver-handle.mjs'
import { runContender } from './run-contender.mjs'
import { MEASURED, MEASURING } from './marks.mjs'

const TRACE = ['--trace-opt', '--trace-deopt']
// V8's lines for a function compiled (the three phases' milliseconds) and
// for optimized code thrown away.
const COMPILED = new RegExp('completed compiling .*<JSFunction (\\S*).*' +
  'took ([\\d.]+), ([\\d.]+), ([\\d.]+) ms')
const DEOPTIMIZED =
  /bailout \(kind: ([^,]+), reason: ([^)]*)\).*<JSFunction (\S*)/

export async function jitRuns (scenarios, contenders, log) {
  const receiver = await spawnReceiver()
  try {
    for (const scenario of scenarios) {
      for (const c of contenders) {
        const run = await runContender(receiver, c, scenario,
          { execArgv: TRACE, output: true })
        log(`\n## ${c.id} / ${scenario.name}` +
          (run.ok ? '' : `: FAILED ${run.error}`))
        const jit = jitDuring(run.output ?? '')
        log(`  compiled ${jit.compiled.length} functions in ` +
          `${jit.compileMs.toFixed(1)} ms, ${jit.deopts.length} deopts`)
        for (const line of [...jit.compiled, ...jit.deopts]) {
          log(`    ${line}`)
        }
      }
    }
  } finally {
    await receiver.close()
  }
}

/** The compiles and deopts V8 traced between the two marks. */
export function jitDuring (output) {
  const lines = output.split('\n')
  const from = lines.indexOf(MEASURING)
  const to = lines.indexOf(MEASURED)
  const measured = from < 0
    ? []
    : lines.slice(from + 1, to < 0 ? undefined : to)
  const compiled = []
  const deopts = []
  let compileMs = 0
  for (const line of measured) {
    const done = line.match(COMPILED)
    if (done !== null) {
      const ms = Number(done[2]) + Number(done[3]) + Number(done[4])
      compileMs += ms
      compiled.push(`compiled ${done[1] || '(anonymous)'}: ${ms.toFixed(1)} ms`)
      continue
    }
    const deopt = line.match(DEOPTIMIZED)
    if (deopt !== null) {
      deopts.push(`deopt ${deopt[3] || '(anonymous)'}: ${deopt[2]}`)
    }
  }
  return { compiled, deopts, compileMs }
}

// `pnpm bench --profile`: one run of each selected contender and scenario
// under --cpu-prof (every thread gets a profile: pino's worker too), and
// the functions with the most self time in each.
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { summarizeProfiles } from './profile.mjs'
import { spawnReceiver } from './receiver-handle.mjs'
import { runContender } from './run-contender.mjs'

export async function profileRuns (scenarios, contenders, log) {
  const receiver = await spawnReceiver()
  const base = process.env.BENCH_PROFILE_DIR ?? join(tmpdir(), 'lokits-bench')
  try {
    for (const scenario of scenarios) {
      for (const c of contenders) {
        const dir = join(base, `${c.id}-${scenario.name}`)
        rmSync(dir, { recursive: true, force: true })
        mkdirSync(dir, { recursive: true })
        const run = await runContender(receiver, c, scenario,
          { execArgv: ['--cpu-prof', `--cpu-prof-dir=${dir}`] })
        log(`\n## ${c.id} / ${scenario.name}` +
          (run.ok ? '' : `: FAILED ${run.error}`))
        for (const thread of summarizeProfiles(dir)) {
          log(`\n${thread.file} (${thread.totalMs.toFixed(0)} ms sampled)`)
          log('  by package: ' + thread.packages.slice(0, 10)
            .map((p) => `${p.name} ${(p.share * 100).toFixed(0)}%`)
            .join(', '))
          for (const f of thread.functions) {
            log(`  ${f.ms.toFixed(1).padStart(8)} ms ` +
              `${(f.share * 100).toFixed(1).padStart(5)}%  ${f.name}`)
          }
        }
      }
    }
  } finally {
    await receiver.close()
  }
}

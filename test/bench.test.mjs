// The benchmark runs end to end: a quick burst through both of our
// adapters, the encoder micro-benchmarks, and the report. Timing is not
// checked, only that every part ran and delivered what it logged, so that
// a change to the core cannot break `pnpm bench` unnoticed.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'

const root = fileURLToPath(new URL('..', import.meta.url))

test('a quick bench runs our adapters and the encoders, and delivers ' +
  'every entry it logged', async () => {
  const { code, stderr } = await new Promise((resolve) => {
    execFile(process.execPath, ['bench/run.mjs', '--quick', '--scenarios',
      'burst', '--contenders', 'lokits-pino,lokits-winston'],
    { cwd: root, timeout: 120_000 }, (error, _stdout, stderr) => {
      resolve({ code: error === null ? 0 : error.code, stderr })
    })
  })
  assert.equal(code, 0, stderr)

  const results = JSON.parse(readFileSync(
    `${root}.bench-out/results-quick.json`, 'utf8'))
  assert.deepEqual(results.failures, [])
  assert.deepEqual(results.runs.map((r) => r.contender).sort(),
    ['lokits-pino', 'lokits-winston'])
  for (const run of results.runs) {
    assert.ok(run.metrics.logged > 0, run.contender)
    assert.equal(run.metrics.delivered, run.metrics.logged, run.contender)
  }
  // Three cases in four formats, each measured.
  assert.equal(results.encoders.length, 12)
  for (const e of results.encoders) {
    assert.ok(e.entriesPerSecond > 0 && e.prepareEntriesPerSecond > 0 &&
      e.wireBytesPerEntry > 0, `${e.case}, ${e.format}`)
  }
})

test('--jit reads what V8 compiled and threw away between the marks of ' +
  'the measured part, and nothing outside them', async () => {
  const { jitDuring } = await import('../bench/lib/jit-runs.mjs')
  const { MEASURED, MEASURING } = await import('../bench/lib/marks.mjs')
  const compiled = (name, ms) => '[completed compiling 0x1 <JSFunction ' +
    `${name} (sfi = 0x2)> (target TURBOFAN) - took 0.010, ${ms}, 0.040 ms]`
  const deopt = (name, reason) => '[bailout (kind: deopt-eager, reason: ' +
    `${reason}): begin. deoptimizing 0x3 <JSFunction ${name} (sfi = 0x4)>]`
  const output = [
    compiled('warmUp', 99), deopt('warmUp', 'wrong map'),
    MEASURING,
    compiled('push', 12.45), '[marking 0x5 <JSFunction push> ...]',
    deopt('push', 'Insufficient type feedback for call'),
    compiled('encode', 7.45),
    MEASURED,
    compiled('close', 50),
  ].join('\n')

  const jit = jitDuring(output)
  assert.deepEqual(jit.compiled,
    ['compiled push: 12.5 ms', 'compiled encode: 7.5 ms'])
  assert.deepEqual(jit.deopts,
    ['deopt push: Insufficient type feedback for call'])
  assert.equal(jit.compileMs.toFixed(2), '20.00')
})

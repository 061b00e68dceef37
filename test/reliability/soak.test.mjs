// The 30-second soak, as CI runs it: both adapters at a steady rate
// through a random fault schedule, then the ledger, heap and handles.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'

const SOAK = fileURLToPath(new URL('../../scripts/soak.mjs', import.meta.url))

function runSoak (args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [SOAK, ...args], { timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : error.code, stdout, stderr })
      })
  })
}

test('a 30-second soak under random faults accounts for every entry, ' +
  'stays within its memory bounds and leaks no handle', async () => {
  const { code, stdout, stderr } = await runSoak(['--duration-s', '30'])

  assert.equal(code, 0, `${stdout}\n${stderr}`)
  assert.match(stdout, /^soak: ok$/m)
  for (const adapter of ['pino', 'winston']) {
    const ledger = new RegExp(`^ledger ${adapter}: logged (\\d+) = stored ` +
      '(\\d+) \\+ dropped (\\d+) .*unaccounted 0, stored twice 0', 'm')
      .exec(stdout)
    assert.ok(ledger, `a ledger line for ${adapter}:\n${stdout}`)
    const [, logged, stored, dropped] = ledger.map(Number)
    assert.ok(logged > 1000, `${adapter} logged at a steady rate`)
    assert.equal(stored + dropped, logged)
  }
  assert.match(stdout, /^fault at /m, 'faults were injected')
})

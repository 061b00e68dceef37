import assert from 'node:assert/strict'
import { startLokiReceiver } from '@lokits/testkit'
import { runPinoApp } from './pino-app.mjs'

/**
 * Runs a scenario through pino's worker thread against a fresh receiver
 * and resolves with the entries it stored.
 */
export async function ship (t, scenario, options = {}, args = {}) {
  const receiver = await startLokiReceiver()
  t.after(() => receiver.close())
  const run = await runPinoApp({ receiver, scenario, args, options })
  assert.equal(run.code, 0, run.stderr)
  return receiver.entries()
}

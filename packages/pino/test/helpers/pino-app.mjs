// Runs test/fixtures/pino-app.mjs in a child process and collects what it
// reported.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const APP = fileURLToPath(new URL('../fixtures/pino-app.mjs', import.meta.url))

/**
 * Resolves with the child's exit code, its output, and the transport's
 * events (printed by the `end` ending).
 */
export function runPinoApp ({ receiver, scenario, options = {},
  ending = 'end' }) {
  const config = {
    scenario,
    ending,
    options: { url: receiver.url, maxWaitMs: 0, ...options },
  }
  return new Promise((resolve) => {
    execFile(process.execPath, [APP, JSON.stringify(config)],
      (error, stdout, stderr) => {
        const code = error === null ? 0 : error.code
        const last = stdout.trim().split('\n').at(-1)
        const events = ending === 'end' && last ? JSON.parse(last) : undefined
        resolve({ code, stdout, stderr, events })
      })
  })
}

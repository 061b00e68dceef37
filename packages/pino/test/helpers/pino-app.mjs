// Runs test/fixtures/pino-app.mjs in a child process and collects what it
// reported.
import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

const APP = fileURLToPath(new URL('../fixtures/pino-app.mjs', import.meta.url))

/**
 * Resolves with the child's exit code, its output, and the transport's
 * events (printed by the `end` ending).
 */
export function runPinoApp ({ receiver, scenario, args = {}, options = {},
  ending = 'end', targets = false }) {
  const config = appConfig({
    receiver, scenario, args, options, ending, targets,
  })
  return new Promise((resolve) => {
    execFile(process.execPath, [APP, config],
      (error, stdout, stderr) => {
        const code = error === null ? 0 : error.code
        const last = stdout.trim().split('\n').at(-1)
        const events = ending === 'end' && last ? JSON.parse(last) : undefined
        resolve({ code, stdout, stderr, events })
      })
  })
}

/**
 * Starts the app and leaves it running: with the `flush` ending it prints
 * `flushed` once logger.flush() has called back and exits when its stdin
 * ends; with `wait` it runs until killed.
 */
export function startPinoApp ({ receiver, scenario, options, ending }) {
  const config = appConfig({ receiver, scenario, options, ending })
  const child = spawn(process.execPath, [APP, config],
    { stdio: ['pipe', 'pipe', 'inherit'] })
  child.stdout.setEncoding('utf8')
  const exited = once(child, 'exit')
  return {
    child,
    firstOutput: async () => {
      const [output] = await once(child.stdout, 'data')
      return output.trim()
    },
    /** Resolves with the exit code, or the signal that ended the app. */
    exited: exited.then(([code, signal]) => code ?? signal),
  }
}

function appConfig ({
  receiver, scenario, args = {}, options, ending, targets = false,
}) {
  return JSON.stringify({
    scenario,
    args,
    ending,
    targets,
    options: { url: receiver.url, maxWaitMs: 0, ...options },
  })
}

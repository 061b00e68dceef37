// Wrong options: each a typed LokiOptionsError at construction that names
// the option, whichever way into lokits. From pino's worker the error
// reaches the application as the transport stream's 'error' event.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { startLogger } from './loggers.mjs'

const LOKI = 'http://127.0.0.1:3100'

// [the option named, what is wrong, the options]
const BAD_OPTIONS = [
  ['url', 'no scheme', { url: 'loki:3100' }],
  ['url', 'a scheme and nothing else', { url: 'http://' }],
  ['url', 'words', { url: 'not a url' }],
  ['url', 'an IPv6 host left open', { url: 'http://[::1' }],
  ['url', 'an empty string', { url: '' }],
  ['url', 'a number', { url: 3100 }],
  ['url', 'missing', {}],
  ['url', 'an ftp: URL', { url: 'ftp://loki:3100' }],
  ['url', 'a file: URL', { url: 'file:///var/run/loki.sock' }],
  ['url', 'a ws: URL', { url: 'ws://loki:3100' }],
  ['maxBytes', 'a string', { url: LOKI, maxBytes: '1mb' }],
  ['overflow', 'an unknown mode', { url: LOKI, overflow: 'sometimes' }],
  ['retry.maxAttempts', 'negative', { url: LOKI, retry: { maxAttempts: -1 } }],
  ['labelKeys', 'a string', { url: LOKI, labelKeys: 'component' }],
]

const PINO_APP = fileURLToPath(
  new URL('../fixtures/pino-logger.mjs', import.meta.url))

/** The error a logger of `kind` gives for `options`, however it gives it. */
async function optionError (t, kind, options) {
  if (kind !== 'pino') {
    try {
      await startLogger(t, kind, options)
    } catch (error) {
      return error
    }
    throw new Error(`no error for ${JSON.stringify(options)}`)
  }
  const child = spawn(process.execPath, [PINO_APP, JSON.stringify({ options })])
  t.after(() => child.kill('SIGKILL'))
  const lines = createInterface({ input: child.stdout })
  const [line] = await once(lines, 'line')
  assert.match(line, /^error /)
  return JSON.parse(line.slice('error '.length))
}

/** Defines the option error test for one logger kind. */
export function optionErrors (kind) {
  // The core client has no records, so no fields to promote.
  const cases = BAD_OPTIONS
    .filter(([option]) => kind !== 'core' || option !== 'labelKeys')
  test(`${kind}: wrong option types and malformed or non-http URLs throw ` +
    'a typed error naming the option (from pino\'s worker: on its cause)',
  async (t) => {
    // pino's cases each start a process: all at once.
    const errors = await Promise.all(cases.map(([, , options]) =>
      optionError(t, kind, options)))
    for (const [i, [option, what]] of cases.entries()) {
      const error = errors[i]
      assert.match(error.message, new RegExp(`option "${option}"`), what)
      // From pino's worker the error crosses threads as a structured
      // clone, which keeps message, stack and cause, and no other field.
      const typed = kind === 'pino' ? error.cause : error
      assert.equal(typed.code, 'LOKI_INVALID_OPTION', what)
      assert.equal(typed.option, option, what)
      if (kind !== 'pino') assert.equal(error.name, 'LokiOptionsError', what)
    }
  })
}

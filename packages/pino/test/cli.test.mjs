import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import { startLokiReceiver } from '@lokits/testkit'
import { readFlags } from '../dist/esm/cli-flags.js'

const CLI = fileURLToPath(new URL('../dist/esm/cli.js', import.meta.url))

/** Runs `lokits` with `input` on stdin; resolves when it has exited. */
function lokits (args, input, env = {}) {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, ...args],
      { env: { ...process.env, LOKI_URL: '', ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : error.code, stdout, stderr })
      })
    child.stdin.end(input)
  })
}

async function receiverFor (t) {
  const receiver = await startLokiReceiver()
  t.after(() => receiver.close())
  return receiver
}

// What `node app.js | lokits` would read: pino's own output, with a line
// some other part of the app printed in between.
function pinoOutput () {
  let output = ''
  const logger = pino({}, { write: (line) => { output += line } })
  logger.child({ component: 'db' }).info('hi')
  output += 'a line that is not JSON\n'
  logger.error('failed')
  return output
}

const INPUT = pinoOutput()

test('lokits ships JSON and plain lines from stdin, then exits 0',
  async (t) => {
    const receiver = await receiverFor(t)

    const run = await lokits(['--url', receiver.url, '--label', 'app=api',
      '--label-key', 'component', '--line-format', 'message'], INPUT)

    assert.equal(run.code, 0, run.stderr)
    assert.equal(run.stderr, '')
    assert.deepEqual(receiver.entries().map((e) => [e.labels, e.line]), [
      [{ app: 'api', component: 'db', level: 'info' }, 'hi'],
      [{ app: 'api' }, 'a line that is not JSON'],
      [{ app: 'api', level: 'error' }, 'failed'],
    ])
  })

test('lokits takes the URL from LOKI_URL', async (t) => {
  const receiver = await receiverFor(t)

  const run = await lokits([], INPUT, { LOKI_URL: receiver.url })

  assert.equal(run.code, 0, run.stderr)
  assert.equal(receiver.entries().length, 3)
})

test('lokits reports on stderr what it dropped, and still exits 0',
  async (t) => {
    const receiver = await receiverFor(t)
    receiver.fail({ status: 500 })

    const run = await lokits(['--url', receiver.url,
      '--close-timeout-ms', '200'], INPUT)

    assert.equal(run.code, 0)
    assert.match(run.stderr, /lokits: 0 sent, 3 dropped \(shutdown: 3\)\n$/)
  })

test('lokits refuses a flag it does not know with exit code 2',
  async () => {
    const run = await lokits(['--url', 'http://localhost:3100', '--lable',
      'app=api'], '')

    assert.equal(run.code, 2)
    assert.match(run.stderr, /--lable/)
  })

test('lokits without a URL says which flag is missing', async () => {
  const run = await lokits([], '')

  assert.equal(run.code, 2)
  assert.match(run.stderr, /--url.*LOKI_URL/)
})

test('readFlags() maps each kind of flag onto transport options', () => {
  const command = readFlags([
    '--url', 'http://loki:3100',
    '--label', 'app=api', '--label', 'env=prod',
    '--label-key', 'component', '--metadata-key', 'trace_id',
    '--custom-level', 'audit=35', '--no-level-label',
    '--max-wait-ms', '250', '--retry-max-attempts', '3', '--gzip',
    '--spool-dir', '/var/lib/lokits', '--spool-fsync', 'always',
  ], { LOKI_BASIC_AUTH: 'user:pa:ss', LOKI_TENANT: 'team-a' })

  assert.deepEqual(command, {
    kind: 'ship',
    options: {
      url: 'http://loki:3100',
      labels: { app: 'api', env: 'prod' },
      labelKeys: ['component'],
      metadataKeys: ['trace_id'],
      customLevels: { audit: 35 },
      levelLabel: false,
      maxWaitMs: 250,
      retry: { maxAttempts: 3 },
      gzip: true,
      tenant: 'team-a',
      basicAuth: { username: 'user', password: 'pa:ss' },
      spool: { dir: '/var/lib/lokits', fsync: 'always' },
    },
  })
})

test('readFlags() names the flag whose value is malformed', () => {
  assert.throws(() => readFlags(['--url', 'x', '--label', 'app'], {}),
    { code: 'LOKI_INVALID_OPTION', option: '--label' })
  assert.throws(() => readFlags(['--url', 'x', '--max-bytes', '1e6'], {}),
    { code: 'LOKI_INVALID_OPTION', option: '--max-bytes' })
})

/** Starts `lokits` with stdin left open for the test to write to. */
function startLokits (args) {
  const child = spawn(process.execPath, [CLI, ...args],
    { stdio: ['pipe', 'ignore', 'pipe'] })
  const exited = once(child, 'exit').then(([code]) => code)
  return { child, exited }
}

/** Resolves once `stream` has printed `pattern`; keeps the stream open. */
function waitForOutput (stream, pattern) {
  let output = ''
  stream.setEncoding('utf8')
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk
      if (!pattern.test(output)) return
      stream.off('data', onData)
      stream.resume()
      resolve()
    }
    stream.on('data', onData)
    stream.once('end', () => reject(new Error(`no ${pattern}: ${output}`)))
  })
}

test('after one SIGINT lokits keeps reading until stdin ends', async (t) => {
  const receiver = await receiverFor(t)
  const { child, exited } = startLokits(['--url', receiver.url,
    '--max-wait-ms', '0'])

  child.stdin.write('before\n')
  await receiver.waitForEntries(1)
  child.kill('SIGINT')
  child.stdin.write('after the signal\n')
  await receiver.waitForEntries(2)
  child.stdin.end('last\n')

  assert.equal(await exited, 0)
  assert.deepEqual(receiver.entries().map((e) => e.line),
    ['before', 'after the signal', 'last'])
})

test('a second SIGINT stops reading and sends what was read', async (t) => {
  const receiver = await receiverFor(t)
  const { child, exited } = startLokits(['--url', receiver.url,
    '--max-entries', '2', '--max-wait-ms', '600000'])
  t.after(() => child.stdin.destroy())

  // One write under PIPE_BUF reaches the reader whole: once the full
  // batch of two has arrived, the third line has been read and is held.
  child.stdin.write('one\ntwo\nthree\n')
  await receiver.waitForEntries(2)
  child.kill('SIGINT')
  // Signals sent back to back may arrive as one: wait for the first.
  await waitForOutput(child.stderr, /signal again/)
  child.kill('SIGINT')

  assert.equal(await exited, 0)
  assert.deepEqual(receiver.entries().map((e) => e.line),
    ['one', 'two', 'three'])
})

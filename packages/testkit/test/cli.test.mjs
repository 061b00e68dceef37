import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { jsonStream, pushJson } from './helpers.mjs'

const CLI = fileURLToPath(new URL('../dist/esm/cli.js', import.meta.url))

function startCli (args) {
  const child = spawn(process.execPath, [CLI, ...args],
    { stdio: ['pipe', 'pipe', 'inherit'] })
  // Listen for the exit at once, so an early exit cannot be missed.
  const exited = once(child, 'exit')
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  return { child, exited, nextLine: async () => (await lines.next()).value }
}

const now = () => (BigInt(Date.now()) * 1_000_000n).toString()

test('lokits-receiver prints its URL, then a JSON summary on SIGTERM',
  async () => {
    const { child, exited, nextLine } =
      startCli(['--port', '0', '--version', '3'])
    const url = await nextLine()
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/)

    const { status } = await pushJson(`${url}/loki/api/v1/push`,
      jsonStream({ app: 'cli' }, [[now(), 'hello']]))
    assert.equal(status, 204)
    child.kill('SIGTERM')

    const summary = JSON.parse(await nextLine())
    const [code] = await exited
    assert.equal(code, 0)
    assert.equal(summary.url, url)
    assert.equal(summary.entriesStored, 1)
    assert.deepEqual(summary.requestsByStatus, { 204: 1 })
  })

test('lokits-receiver stops when its stdin pipe ends', async () => {
  const { child, exited, nextLine } = startCli([])
  await nextLine()
  child.stdin.end()

  const summary = JSON.parse(await nextLine())
  const [code] = await exited
  assert.equal(code, 0)
  assert.equal(summary.requests, 0)
})

test('lokits-receiver refuses a bad flag value with exit code 1', async () => {
  const child = spawn(process.execPath, [CLI, '--version', '4'],
    { stdio: ['pipe', 'pipe', 'pipe'] })
  const exited = once(child, 'exit')
  let stderr = ''
  child.stderr.on('data', (chunk) => { stderr += chunk })
  const [code] = await exited

  assert.equal(code, 1)
  assert.match(stderr, /option version must be 2 or 3, got 4/)
})

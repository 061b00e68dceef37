import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const examples = join(dirname(fileURLToPath(import.meta.url)), '..',
  'examples')
const { LOKI_URL: _ignored, ...env } = process.env

test('the demo shows entries from both pino and winston', async () => {
  const { stdout } = await run(process.execPath,
    [join(examples, 'demo.mjs')], { env, timeout: 90_000 })
  assert.match(stdout, /started a testkit receiver/)
  assert.match(stdout, /\{env="dev", level="info", service="demo-pino"\}: 4/)
  assert.match(stdout,
    /\{env="dev", level="info", service="demo-winston"\}: 4/)
  assert.match(stdout, /12 entries stored in 6 streams/)
  assert.match(stdout, /LogQL query: \{service=~"demo-\.\+"\}/)
})

const standalone = readdirSync(examples)
  .filter((name) => name.endsWith('.mjs') && name !== 'demo.mjs')

for (const example of standalone) {
  test(`example ${example} runs against a receiver of its own`, async () => {
    const { stdout } = await run(process.execPath,
      [join(examples, example)], { env, timeout: 90_000 })
    assert.match(stdout, /^\{.+\}.*: \d+ entr(y|ies)$/m)
  })
}

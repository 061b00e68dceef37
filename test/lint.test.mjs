import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const lint = join(dirname(fileURLToPath(import.meta.url)), '..', 'scripts',
  'lint.mjs')

test('library sources pass the lint (no printing, width, no bare TODOs)',
  () => {
    const result = spawnSync(process.execPath, [lint], { encoding: 'utf8' })
    assert.equal(result.status, 0, result.stdout)
  })

// Runs every test file of the workspace with node:test. Node 20's runner
// takes no globs, so the files are listed here.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

function findTests (dir) {
  const found = []
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) found.push(...findTests(path))
    else if (/\.test\.(mjs|cjs|js)$/.test(name)) found.push(path)
  }
  return found
}

const only = process.argv.slice(2)
const files = [join(root, 'packages'), join(root, 'test')]
  .filter((dir) => existsSync(dir))
  .flatMap(findTests)
  .map((file) => relative(root, file))
  .filter((file) => only.length === 0 || only.some((o) => file.includes(o)))
  .sort()

const result = spawnSync(process.execPath, [
  '--test',
  '--test-reporter=spec',
  '--test-concurrency=2',
  '--test-timeout=120000',
  ...files,
], { cwd: root, stdio: 'inherit' })
process.exit(result.status ?? 1)

// Makes a fresh clone ready to run: installs the workspace with the pinned
// pnpm (through npx when pnpm is not on the PATH) and builds every package.
// Only Node.js and npm are assumed to be present.
import { execFileSync, execSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { packageManager } = JSON.parse(
  readFileSync(join(root, 'package.json'), 'utf8'))
const wanted = packageManager.split('@')[1]

function pnpmCommand () {
  try {
    const found = execFileSync('pnpm', ['--version'], { encoding: 'utf8' })
    if (found.trim() === wanted) return 'pnpm'
  } catch {}
  return `npx --yes pnpm@${wanted}`
}

function run (command) {
  execSync(command, { cwd: root, stdio: 'inherit' })
}

const pnpm = pnpmCommand()
if (!existsSync(join(root, 'node_modules', '.modules.yaml'))) {
  run(`${pnpm} install --frozen-lockfile`)
}
run(`${pnpm} run build`)

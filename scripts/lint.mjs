// Checks the habits of the library sources that the compiler cannot:
// no printing (library code reports through hooks, errors and
// diagnostics), lines at most 100 columns, and no bare TODO markers (a
// known limit is written as a sentence). Command-line entry points
// (cli.ts) may print. Exits 1 listing every finding.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const MAX_COLUMNS = 100

function sources (dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return name.endsWith('.ts') ? [path] : []
  })
}

const findings = []
for (const pkg of readdirSync(join(root, 'packages'))) {
  const src = join(root, 'packages', pkg, 'src')
  for (const file of sources(src)) {
    const name = relative(root, file)
    const isCli = file.endsWith('cli.ts')
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      const at = `${name}:${i + 1}`
      if (line.length > MAX_COLUMNS) {
        findings.push(`${at}: ${line.length} columns (at most ${MAX_COLUMNS})`)
      }
      if (!isCli && /\bconsole\.\w+\(/.test(line)) {
        findings.push(`${at}: prints (report through hooks or errors)`)
      }
      if (/\b(TODO|FIXME|XXX)\b/.test(line)) {
        findings.push(`${at}: a bare marker (write the limit as a sentence)`)
      }
    })
  }
}

for (const finding of findings) console.log(finding)
console.log(`${findings.length} finding${findings.length === 1 ? '' : 's'}`)
process.exit(findings.length === 0 ? 0 : 1)

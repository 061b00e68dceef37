// Builds the package in the current directory twice from one source tree:
// ESM into dist/esm and CommonJS into dist/cjs, each with declarations, so
// that both `import` and `require` get code and types of their own kind.
import { execFileSync } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const tsc = require.resolve('typescript/bin/tsc')

rmSync('dist', { recursive: true, force: true })

const builds = [
  ['dist/esm', 'NodeNext', 'NodeNext'],
  ['dist/cjs', 'CommonJS', 'Node10'],
]
for (const [outDir, module, moduleResolution] of builds) {
  try {
    execFileSync(process.execPath, [
      tsc, '-p', 'tsconfig.json',
      '--outDir', outDir,
      '--module', module,
      '--moduleResolution', moduleResolution,
    ], { stdio: 'inherit' })
  } catch {
    // tsc has printed the errors.
    process.exit(1)
  }
}

// The package itself is "type": "module"; this marker makes Node read the
// CommonJS build as CommonJS.
writeFileSync('dist/cjs/package.json', '{ "type": "commonjs" }\n')

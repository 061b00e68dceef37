// The packages as npm users get them. Each is packed with pnpm (which
// rewrites `workspace:^` to a version), the tarballs are installed with
// npm into an empty project, and that project uses them from `import`,
// `require` and TypeScript; publint and Are the Types Wrong check the
// tarballs themselves.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import {
  copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, sep } from 'node:path'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { startLokiReceiver } from '@lokits/testkit'

const run = promisify(execFile)
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const fixtures = join(root, 'test', 'packaging')
const require = createRequire(join(root, 'package.json'))
const packages = ['core', 'pino', 'winston', 'testkit']

const work = mkdtempSync(join(tmpdir(), 'lokits-packaging-'))
const project = join(work, 'project')
const installedDir = join(project, 'node_modules') + sep
const tarballs = new Map()
let pnpmCommand
let installing

before(async () => {
  for (const name of packages) {
    if (!existsSync(join(root, 'packages', name, 'dist', 'esm'))) {
      throw new Error(`packages/${name} is not built: run pnpm build first`)
    }
    tarballs.set(name, await pack(name))
  }
}, { timeout: 120_000 })

// The tests that use the installed project wait for one install; publint
// and attw need only the tarballs, so they run even when it fails.
function installed () {
  installing ??= install()
  return installing
}

after(() => rmSync(work, { recursive: true, force: true }))

for (const mode of ['import', 'require']) {
  test(`${mode} of each installed package gives its API from its ` +
    `${mode === 'import' ? 'ESM' : 'CommonJS'} build`, async () => {
    await installed()
    const { stdout } = await run(process.execPath,
      ['load-packages.mjs', mode], { cwd: project, timeout: 30_000 })
    const loaded = JSON.parse(stdout)

    assert.deepEqual(loaded.exports, {
      LokiClient: 'function',
      registerLokiMetrics: 'function',
      lokiTransport: 'function',
      LokiTransport: 'function',
      startLokiReceiver: 'function',
    })
    const build = mode === 'import' ? 'esm' : 'cjs'
    for (const [specifier, file] of Object.entries(loaded.files)) {
      assert.ok(file.startsWith(installedDir),
        `${specifier} resolved outside the project: ${file}`)
      assert.ok(file.includes(`${sep}dist${sep}${build}${sep}`),
        `${specifier} resolved to ${file}, not the ${build} build`)
    }
    assert.equal(loaded.metricsExposed, true)
  })
}

test('the adapters use the core installed from its tarball', async () => {
  await installed()

  for (const adapter of ['pino', 'winston']) {
    const nested = join(installedDir, '@lokits', adapter, 'node_modules',
      '@lokits', 'core')
    assert.equal(existsSync(nested), false,
      `@lokits/${adapter} got a core of its own: ${nested}`)
  }
})

test('the installed types resolve for import (.mts) and require (.cts)',
  async () => {
    await installed()
    // Inside the project, so that its node_modules are what TypeScript
    // resolves against.
    const dir = join(project, 'types')
    mkdirSync(dir)
    copyFileSync(join(fixtures, 'types.mts'), join(dir, 'types.mts'))
    copyFileSync(join(fixtures, 'types.mts'), join(dir, 'types.cts'))
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
      },
      files: ['types.mts', 'types.cts'],
    }))

    const tsc = require.resolve('typescript/bin/tsc')
    const result = await run(process.execPath, [tsc, '-p', dir],
      { cwd: dir, timeout: 60_000 }).catch((error) => error)
    assert.equal(result.code ?? 0, 0, `tsc failed:\n${result.stdout}`)
  })

test('pino and winston ship through the installed packages, loaded by ' +
  'import and by require', async () => {
  await installed()
  const receiver = await startLokiReceiver()
  try {
    await Promise.all(['import', 'require'].map((mode) =>
      run(process.execPath, ['ship-logs.mjs', mode], {
        cwd: project,
        env: { ...process.env, LOKI_URL: receiver.url },
        timeout: 30_000,
      })))

    // Each process has exited, so all it shipped is stored by now.
    const stored = receiver.streams()
      .map((stream) => `${stream.labels.service} ${stream.entries.length} ` +
        stream.entries[0]?.line.includes('from '))
      .sort()
    assert.deepEqual(stored, [
      'packed-import-pino 1 true',
      'packed-import-winston 1 true',
      'packed-require-pino 1 true',
      'packed-require-winston 1 true',
    ])
  } finally {
    await receiver.close()
  }
})

for (const name of packages) {
  test(`publint finds nothing to fix in @lokits/${name}`, async () => {
    const { publint } = await import(require.resolve('publint'))
    const data = readFileSync(tarballs.get(name))

    const { messages } = await publint({
      pack: { tarball: data.buffer.slice(data.byteOffset,
        data.byteOffset + data.byteLength) },
      strict: true,
    })
    assert.deepEqual(messages, [])
  })

  test(`Are the Types Wrong finds no problem in @lokits/${name}`,
    async () => {
      const attw = join(dirname(
        require.resolve('@arethetypeswrong/cli/package.json')),
      'dist', 'index.js')
      // No lookups of @types packages: the tarball alone is checked.
      const result = await run(process.execPath, [attw,
        tarballs.get(name), '--no-definitely-typed', '--format', 'json'],
      { timeout: 60_000 }).catch((error) => error)

      const { analysis } = JSON.parse(result.stdout)
      assert.deepEqual(analysis.problems, [])
      assert.equal(result.code ?? 0, 0)
    })
}

// pnpm is pinned in package.json; without it on the PATH, npx runs the
// pinned version (as scripts/setup.mjs does on a fresh clone).
async function pnpm (args, options) {
  pnpmCommand ??= findPnpm()
  const [command, ...prefix] = await pnpmCommand
  return run(command, [...prefix, ...args], options)
}

async function findPnpm () {
  const { packageManager } = JSON.parse(
    readFileSync(join(root, 'package.json'), 'utf8'))
  const wanted = packageManager.split('@')[1]
  const found = await run('pnpm', ['--version']).catch(() => undefined)
  return found?.stdout.trim() === wanted
    ? ['pnpm']
    : ['npx', '--yes', `pnpm@${wanted}`]
}

async function pack (name) {
  const into = join(work, 'tarballs')
  await pnpm(['pack', '--pack-destination', into],
    { cwd: join(root, 'packages', name), timeout: 60_000 })
  const { version } = JSON.parse(readFileSync(
    join(root, 'packages', name, 'package.json'), 'utf8'))
  return join(into, `lokits-${name}-${version}.tgz`)
}

// Installs the tarballs together, so that the adapters' `@lokits/core`
// dependency is met by the core tarball; third-party dependencies come
// from the npm registry (or npm's cache).
async function install () {
  mkdirSync(project)
  writeFileSync(join(project, 'package.json'),
    JSON.stringify({ name: 'lokits-user', version: '0.0.0', private: true }))
  for (const file of ['load-packages.mjs', 'ship-logs.mjs']) {
    copyFileSync(join(fixtures, file), join(project, file))
  }

  const rootPackage = JSON.parse(
    readFileSync(join(root, 'package.json'), 'utf8'))
  const corePackage = JSON.parse(
    readFileSync(join(root, 'packages', 'core', 'package.json'), 'utf8'))
  const alongside = {
    'pino': rootPackage.devDependencies.pino,
    'winston': rootPackage.devDependencies.winston,
    '@types/node': rootPackage.devDependencies['@types/node'],
    'prom-client': corePackage.devDependencies['prom-client'],
  }
  // Short retry waits: an unreachable registry fails in seconds, not
  // after npm's minutes of backoff.
  const args = ['install', '--no-audit', '--no-fund', '--prefer-offline',
    '--no-package-lock', '--fetch-retries=1', '--fetch-retry-mintimeout=500',
    '--fetch-retry-maxtimeout=1000', ...tarballs.values(),
    ...Object.entries(alongside).map(([name, range]) => `${name}@${range}`)]
  try {
    await run('npm', args, { cwd: project, env: npmEnv(), timeout: 120_000 })
  } catch (error) {
    const why = error.killed
      ? 'it took over 120 s'
      : error.stderr.split('\n').slice(0, 6).join('\n')
    throw new Error('npm install of the packed packages failed; it needs ' +
      'the npm registry (or npm\'s cache) for third-party dependencies ' +
      `such as undici and pino-abstract-transport:\n${why}`)
  }
}

// Under `npm test`, npm passes its configuration down as npm_* variables,
// among them the workspace's prefix; the nested install must not see them.
function npmEnv () {
  const kept = /^npm_config_(cache|registry|userconfig|globalconfig)$/i
  return Object.fromEntries(Object.entries(process.env)
    .filter(([key]) => !/^npm_/i.test(key) || kept.test(key)))
}

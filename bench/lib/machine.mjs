// What the report states about where and with what it ran.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'

const require = createRequire(new URL('../package.json', import.meta.url))
const PACKAGES = [
  'pino', 'winston', 'pino-loki', 'winston-loki', '@lokits/core',
  '@lokits/pino', '@lokits/winston', '@lokits/testkit',
]

function version (name) {
  try {
    return JSON.parse(readFileSync(
      require.resolve(`${name}/package.json`), 'utf8')).version
  } catch {
    return 'not installed'
  }
}

function gitCommit () {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return 'unknown'
  }
}

export function machine () {
  const cpus = os.cpus()
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    commit: gitCommit(),
    versions: Object.fromEntries(PACKAGES.map((p) => [p, version(p)])),
  }
}

/** The 1-minute load average, to say how busy the machine was. */
export function load () {
  return os.loadavg()[0]
}

// Shared arrangements for the winston tests: a receiver on port 0, a real
// winston logger with one LokiTransport, and child processes for the
// shutdown and crash tests.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { startLokiReceiver } from '@lokits/testkit'
import { LokiTransport } from '@lokits/winston'
import winston from 'winston'

/**
 * A receiver, a transport pointed at it and a logger using it; all are
 * closed after the test.
 */
export async function setup (t, transportOptions = {}, loggerOptions = {}) {
  const receiver = await startLokiReceiver()
  const transport = new LokiTransport({ url: receiver.url,
    ...transportOptions })
  const logger = winston.createLogger({ ...loggerOptions,
    transports: [transport] })
  t.after(async () => {
    await transport.close({ timeoutMs: 0 })
    await receiver.close()
  })
  return { receiver, transport, logger }
}

/** Logs through `logger`, then waits until Loki holds `count` entries. */
export async function stored (receiver, transport, count) {
  await transport.flush()
  return receiver.waitForEntries(count)
}

/** The entries' labels without the `level` label, which every test has. */
export function labelsOf (entry) {
  const { level, ...rest } = entry.labels
  return rest
}

/** Nanoseconds since the epoch for an ISO time, as Loki stores them. */
export function nanoseconds (iso, extraNs = 0n) {
  return (BigInt(Date.parse(iso)) * 1_000_000n + extraNs).toString()
}

const FIXTURES = new URL('./fixtures/', import.meta.url)
// A fixture that hangs would otherwise hold the test until the runner's
// limit; this guard only turns such a hang into a readable failure.
const HANG_GUARD_MS = 60_000

/**
 * Runs `fixtures/<name>` with `args` and resolves with its exit code and
 * output once it exits on its own.
 */
export async function runFixture (name, args) {
  const child = spawn(process.execPath,
    [fileURLToPath(new URL(name, FIXTURES)), ...args.map(String)],
    { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (text) => { stdout += text })
  child.stderr.setEncoding('utf8').on('data', (text) => { stderr += text })
  const guard = setTimeout(() => child.kill('SIGKILL'), HANG_GUARD_MS)
  const [code, signal] = await once(child, 'close')
  clearTimeout(guard)
  if (signal === 'SIGKILL') {
    throw new Error(`${name} did not exit on its own; stderr: ${stderr}`)
  }
  return { code, stdout, stderr }
}

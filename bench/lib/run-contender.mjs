// The runner's side of one measured run: a child process for the logger
// (fresh heap, its own threads), a fresh receiver, and the two accounts
// put together.
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'

const SCRIPT =
  fileURLToPath(new URL('./contender-process.mjs', import.meta.url))
const RUN_TIMEOUT_MS = 180_000
// Grace after the logger's process has gone, for a push it did not wait
// for: what arrives in it still counts as delivered, and is stamped.
const SETTLE_MS = 100

// The warm-up is over when the receiver has all of it, or when nothing
// more arrived for longer than any contender waits to send a batch (a
// contender that drops entries never sends them all).
const QUIET_MS = 5500
const POLL_MS = 50

async function settleWarmUp (receiver, logged) {
  let stored = -1
  let changedAt = Date.now()
  for (;;) {
    const now = await receiver.stored()
    if (now >= logged) return
    if (now !== stored) {
      stored = now
      changedAt = Date.now()
    } else if (Date.now() - changedAt >= QUIET_MS) {
      return
    }
    await sleep(POLL_MS)
  }
}

// With `output`, the child's standard output is kept (and its measured
// part marked in it) rather than shown.
export async function runContender (receiver, contender, scenario,
  { execArgv = [], output = false } = {}) {
  const { url } = await receiver.start()
  const arg = JSON.stringify({ contender: contender.id, scenario, url })
  const child = fork(SCRIPT, [arg], {
    execArgv,
    stdio: ['ignore', output ? 'pipe' : 'inherit', 'inherit', 'ipc'],
    env: output ? { ...process.env, LOKITS_BENCH_MARKS: '1' } : process.env,
  })
  let text = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk) => { text += chunk })
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS)
  let answer = { ok: false, error: 'the logger process exited unanswered' }
  child.on('message', (message) => {
    if (message.type !== 'warmed') {
      answer = message
      return
    }
    void settleWarmUp(receiver, message.logged)
      .then(() => message.last ? receiver.mark() : undefined)
      .then(() => child.send({ type: message.last ? 'measure' : 'warm' }))
  })
  const [code, signal] = await once(child, 'exit')
  if (child.stdout !== null && !child.stdout.closed) {
    await once(child.stdout, 'close')
  }
  clearTimeout(timer)
  await sleep(SETTLE_MS)
  const { stats, lastStoredAt, cpuMs, busyMs } = await receiver.stop()
  if (!answer.ok) {
    const how = signal ?? `exit ${code}`
    return { ok: false, error: `${contender.id}/${scenario.name} (${how}): ` +
      answer.error }
  }
  return { ok: true, ...answer.result, receiver: stats, lastStoredAt,
    receiverCpuMs: cpuMs, receiverBusyMs: busyMs,
    ...(output ? { output: text } : {}) }
}

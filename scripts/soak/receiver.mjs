// The soak's receiver, in a process of its own so that its memory and CPU
// stay out of the soak's measurements: a testkit receiver driven over IPC
// (faults, restarts, the tally). Started by receiverProcess() below,
// which forks this file.
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { setImmediate, setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'

const SELF = fileURLToPath(import.meta.url)

/** Forks the receiver; resolves with its URL and `call(message)`. */
export async function receiverProcess (adapters) {
  const child = fork(SELF, [JSON.stringify(adapters)],
    { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const pending = new Map()
  let next = 0
  child.on('message', ({ id, result }) => {
    pending.get(id)?.(result)
    pending.delete(id)
  })
  const call = (message) => new Promise((resolve) => {
    const id = next++
    pending.set(id, resolve)
    child.send({ ...message, id })
  })
  const { url } = await call({ op: 'url' })
  return {
    url,
    call,
    async stop () {
      const exited = once(child, 'exit')
      child.disconnect()
      await exited
      // The process handle is closed in the close phase after 'exit':
      // only two turns of the loop later is it gone from the resources.
      await setImmediate()
      await setImmediate()
    },
  }
}

/**
 * What was stored, by adapter (the `adapter` label): the timestamp each
 * line number was first stored with, how many were stored again with
 * another timestamp (twice, beyond de-duplication), and lines that no
 * adapter logged. Loki keeps stored data across a restart and
 * de-duplicates a resent entry; so does this tally, across receivers.
 */
class Tally {
  foreign = 0

  constructor (adapters) {
    this.byAdapter = Object.fromEntries(adapters.map((adapter) =>
      [adapter, { stored: new Map(), twice: 0 }]))
  }

  count (entries) {
    for (const entry of entries) {
      const counts = this.byAdapter[entry.labels.adapter]
      const id = Number(/#(\d+)#/.exec(entry.line)?.[1])
      if (counts === undefined || Number.isNaN(id)) {
        this.foreign++
        continue
      }
      const earlier = counts.stored.get(id)
      if (earlier === undefined) counts.stored.set(id, entry.timestamp)
      else if (earlier !== entry.timestamp) counts.twice++
    }
  }

  summary () {
    return Object.fromEntries(Object.entries(this.byAdapter)
      .map(([adapter, { stored, twice }]) => [adapter,
        { ids: [...stored.keys()], twice, foreign: this.foreign }]))
  }
}

async function runReceiver (adapters) {
  const { startLokiReceiver } = await import('@lokits/testkit')
  let receiver = await startLokiReceiver()
  const { port } = receiver
  const tally = new Tally(adapters)

  const ops = {
    url: () => ({ url: receiver.url }),
    script: ({ steps }) => receiver.script(steps),
    stall: () => receiver.stall(),
    resume: () => receiver.resume(),
    rateLimit: ({ bytesPerSecond }) => receiver.setRateLimit(bytesPerSecond),
    heal: () => {
      receiver.fail(null)
      receiver.resume()
      // Script steps not consumed yet stay: the drain retries past them.
      receiver.setRateLimit(0)
    },
    restart: async ({ downMs }) => {
      tally.count(receiver.entries())
      await receiver.close()
      await sleep(downMs)
      receiver = await startLokiReceiver({ port })
    },
    tally: () => {
      tally.count(receiver.entries())
      return { ...tally.summary(), maxRssKiB: process.resourceUsage().maxRSS }
    },
  }
  process.on('message', async ({ id, op, ...message }) => {
    const result = await ops[op](message)
    process.send({ id, result: result ?? null })
  })
  process.on('disconnect', () => { void receiver.close() })
}

if (process.argv[1] === SELF) await runReceiver(JSON.parse(process.argv[2]))

// The runner's side of the receiver process: start a fresh receiver for a
// run, stop it and read what it stored.
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

const SCRIPT = fileURLToPath(new URL('./receiver-process.mjs', import.meta.url))

export async function spawnReceiver () {
  const child = fork(SCRIPT, [],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const pending = new Map()
  let nextId = 0
  child.on('message', ({ id, ok, value, error }) => {
    const waiter = pending.get(id)
    pending.delete(id)
    if (ok) waiter.resolve(value)
    else waiter.reject(new Error(`receiver: ${error}`))
  })
  child.on('exit', (code) => {
    for (const waiter of pending.values()) {
      waiter.reject(new Error(`receiver exited with ${code}`))
    }
  })
  await once(child, 'spawn')

  const call = (type) => new Promise((resolve, reject) => {
    const id = nextId++
    pending.set(id, { resolve, reject })
    child.send({ id, type })
  })
  return {
    /** A fresh receiver; resolves with `{ url }`. */
    start: () => call('start'),
    /** Entries stored so far. */
    stored: () => call('stored'),
    /** Starts the measured part: what came before is left out. */
    mark: () => call('mark'),
    /** Closes it; resolves with `{ stats, lastStoredAt }`. */
    stop: () => call('stop'),
    pid: child.pid,
    async close () {
      child.disconnect()
      await once(child, 'exit')
    },
  }
}

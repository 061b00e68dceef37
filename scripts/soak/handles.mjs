// Handles by creation and destruction. process.getActiveResourcesInfo()
// lists only what holds the event loop open, and the library unrefs its
// timers and sockets: a leaked unref'd interval would not show there.
// An async hook sees every handle and request as it is created and as it
// is destroyed, whether it holds the loop or not.
import { createHook } from 'node:async_hooks'
import { setTimeout as sleep } from 'node:timers/promises'

// Resources that live until closed or cleared (promises and one-off
// callbacks have no lasting life to leak).
const LASTING = new Set([
  'Timeout', 'Immediate', 'TCPWRAP', 'TCPCONNECTWRAP', 'TCPSERVERWRAP',
  'PIPEWRAP', 'PIPECONNECTWRAP', 'PIPESERVERWRAP', 'TLSWRAP', 'UDPWRAP',
  'GETADDRINFOREQWRAP', 'GETNAMEINFOREQWRAP', 'WORKER', 'MESSAGEPORT',
  'FILEHANDLE', 'FSEVENTWRAP', 'STATWATCHER', 'SIGNALWRAP', 'PROCESSWRAP',
  'HTTPCLIENTREQUEST', 'HTTPINCOMINGMESSAGE', 'ZLIB',
])

// How long a resource may outlive the close of everything: undici's
// shared clock timer ticks every half second and stops itself at the
// first tick with nothing left to time. A leak (an interval, a socket)
// outlives any grace.
const GRACE_MS = 2000

/**
 * Starts tracking every lasting resource created from now on. `leaked()`
 * stops taking new ones, gives those alive GRACE_MS to end, and resolves
 * with the types (and creation stacks) of those still alive then.
 */
export function trackHandles () {
  const alive = new Map()
  let taking = true
  const hook = createHook({
    init (id, type) {
      if (!taking || !LASTING.has(type)) return
      // Where it was made, for the report: the first frames outside
      // Node's internals.
      const stack = new Error().stack.split('\n').slice(1)
        .map((frame) => frame.trim().replace(/^at /, ''))
        .filter((frame) => !frame.includes('node:internal'))
        .slice(0, 4).join(' < ')
      alive.set(id, { type, stack })
    },
    destroy (id) { alive.delete(id) },
  }).enable()
  return {
    async leaked () {
      taking = false
      const until = Date.now() + GRACE_MS
      // Destroy callbacks run a turn or two after the close that queues
      // them.
      while (alive.size > 0 && Date.now() < until) await sleep(50)
      hook.disable()
      return [...alive.values()]
    },
  }
}

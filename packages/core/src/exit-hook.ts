/** A client that holds entries while the process may end. */
export interface ExitAware {
  /** The event loop ran dry: start sending what is held. */
  beforeExit(): void
  /** The process is exiting now: count what is held as dropped. */
  exit(): void
}

const holders = new Set<ExitAware>()
let installed = false

/**
 * Tracks clients that hold entries. When the event loop runs dry they get
 * the chance to send (a request in flight keeps the loop alive), and on
 * exit anything still held is counted, not lost silently. A client that
 * holds nothing is not tracked and keeps nothing alive.
 */
export function setHolding (client: ExitAware, holding: boolean): void {
  if (!holding) {
    holders.delete(client)
    return
  }
  holders.add(client)
  if (installed) return
  installed = true
  process.on('beforeExit', () => {
    for (const holder of holders) holder.beforeExit()
  })
  process.on('exit', () => {
    for (const holder of holders) holder.exit()
  })
}

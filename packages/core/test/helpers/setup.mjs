import { LokiClient } from '@lokits/core'
import { startLokiReceiver } from '@lokits/testkit'

/**
 * Starts a testkit receiver and a client (a LokiClient, or the `Client`
 * given) pointed at it; both are closed when the test ends. Records every
 * onDrop call.
 */
export async function clientAndReceiver (t, options = {}, receiverOptions,
  Client = LokiClient) {
  const receiver = await startLokiReceiver(receiverOptions)
  const drops = []
  const client = new Client({
    url: receiver.url,
    labels: { app: 'test' },
    onDropReport: false,
    onDrop: (entries, reason) => drops.push({ reason, count: entries.length }),
    ...options,
  })
  t.after(async () => {
    await client.close({ timeoutMs: 0 })
    await receiver.close()
  })
  return { client, receiver, drops }
}

/** Total of dropped entries per reason, from the onDrop calls. */
export function dropCounts (drops) {
  const counts = {}
  for (const { reason, count } of drops) {
    counts[reason] = (counts[reason] ?? 0) + count
  }
  return counts
}

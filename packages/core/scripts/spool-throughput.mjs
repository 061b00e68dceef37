// Compares the client's throughput with the spool on (fsync 'interval')
// and in memory only, in one run: N entries pushed, then flushed to a
// testkit receiver in this process. Prints entries per second and the
// ratio spool / memory, for push() alone and for push-to-stored.
//
//   node packages/core/scripts/spool-throughput.mjs [entries] [rounds]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LokiClient } from '@lokits/core'
import { startLokiReceiver } from '@lokits/testkit'

const ENTRIES = Number(process.argv[2] ?? 200_000)
const ROUNDS = Number(process.argv[3] ?? 3)
const LINE = JSON.stringify({ level: 30, time: Date.now(), pid: 1234,
  hostname: 'web-1', msg: 'request completed', req: { method: 'GET',
    url: '/api/items?page=2' }, res: { statusCode: 200 }, responseTime: 12 })

async function run (spool) {
  const receiver = await startLokiReceiver()
  const dir = spool ? mkdtempSync(join(tmpdir(), 'lokits-bench-')) : undefined
  const client = new LokiClient({
    url: receiver.url,
    labels: { app: 'bench' },
    onDropReport: false,
    maxQueueEntries: ENTRIES,
    maxQueueBytes: 1024 ** 3,
    ...(dir === undefined ? {} : { spool: { dir, fsync: 'interval' } }),
  })
  const start = performance.now()
  for (let i = 0; i < ENTRIES; i++) {
    const result = client.push({ line: LINE, labels: { level: 'info' } })
    if (result !== undefined) await result
  }
  const pushed = performance.now()
  await client.flush()
  const stored = performance.now()
  await client.close()
  await receiver.close()
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  if (client.stats().sent !== ENTRIES) throw new Error('entries missing')
  return {
    push: ENTRIES / ((pushed - start) / 1000),
    stored: ENTRIES / ((stored - start) / 1000),
  }
}

const best = { memory: { push: 0, stored: 0 }, spool: { push: 0, stored: 0 } }
for (let round = 0; round < ROUNDS; round++) {
  for (const mode of ['memory', 'spool']) {
    const result = await run(mode === 'spool')
    best[mode].push = Math.max(best[mode].push, result.push)
    best[mode].stored = Math.max(best[mode].stored, result.stored)
  }
}
const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(12)
process.stdout.write(
  `${ENTRIES} entries of ${LINE.length} bytes, best of ${ROUNDS}\n` +
  `                   push()/s   pushed-to-stored/s\n` +
  `memory         ${fmt(best.memory.push)}   ${fmt(best.memory.stored)}\n` +
  `spool interval ${fmt(best.spool.push)}   ${fmt(best.spool.stored)}\n` +
  `ratio          ${(best.spool.push / best.memory.push).toFixed(2)
    .padStart(12)}   ${(best.spool.stored / best.memory.stored).toFixed(2)
    .padStart(12)}\n`)

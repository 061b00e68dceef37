// The 30-second soak, as CI runs it: both adapters at a steady rate
// through a random fault schedule, then the ledger entry by entry, the
// heap of each thread against its bound, and the handles left. And the
// soak's self-check, which plants what each of those checks is there to
// catch and must see the soak fail.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { describe, test } from 'node:test'
import { workerHeapAfterGc } from '../../scripts/soak/heap.mjs'

const SOAK = fileURLToPath(new URL('../../scripts/soak.mjs', import.meta.url))

function runSoak (args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [SOAK, ...args], { timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : error.code, stdout, stderr })
      })
  })
}

const LEDGER = (adapter) => new RegExp(`^ledger ${adapter}: logged (\\d+) ` +
  '= stored (\\d+) \\+ dropped (\\d+) .*unaccounted (\\d+), stored and ' +
  'dropped (\\d+), stored twice (\\d+)', 'm')
const HEAP = (thread) => new RegExp(`^heap after GC, ${thread}.*growth ` +
  '([\\d.]+) MiB of a bound of ([\\d.]+) MiB$', 'm')
const THREADS = ['main thread', 'winston\'s worker', 'pino\'s worker']

// The self-check runs beside the soak: its few seconds add nothing to
// the suite's time.
describe('soak', { concurrency: 2 }, () => {
  test('a 30-second soak under random faults accounts for every entry, ' +
    'stays within its memory bounds and leaks no handle', async () => {
    const { code, stdout, stderr } = await runSoak(['--duration-s', '30'])

    assert.equal(code, 0, `${stdout}\n${stderr}`)
    assert.match(stdout, /^soak: ok$/m)
    for (const adapter of ['pino', 'winston']) {
      const ledger = LEDGER(adapter).exec(stdout)
      assert.ok(ledger, `a ledger line for ${adapter}:\n${stdout}`)
      const [, logged, stored, dropped, unaccounted, both, twice] =
        ledger.map(Number)
      assert.ok(logged > 1000, `${adapter} logged at a steady rate`)
      assert.equal(stored + dropped, logged)
      assert.deepEqual([unaccounted, both, twice], [0, 0, 0])
    }
    for (const thread of THREADS) {
      const [, growth, bound] = HEAP(thread).exec(stdout).map(Number)
      assert.ok(growth <= bound, `${thread}: ${growth} MiB of ${bound} MiB`)
    }
    assert.match(stdout, /created by the run and still alive: \[\]$/m)
    assert.match(stdout, /^fault at /m, 'faults were injected')
  })

  test('the soak fails on a leaked unref\'d interval, heap retained in ' +
    'either thread, and a lost entry cancelled out by one stored and ' +
    'dropped', async () => {
    const { code, stdout } = await runSoak(['--duration-s', '3',
      '--self-check', 'leak,retain,retain-worker,cancel'])

    assert.equal(code, 1, stdout)
    const [failed] = /^soak: FAILED: .*$/m.exec(stdout) ?? []
    assert.ok(failed, stdout)
    for (const failure of ['pino: 1 entries unaccounted',
      'pino: 1 stored and dropped',
      'the heap of main thread (winston\'s entries on their way) grew ' +
        'beyond its bound',
      'the heap of pino\'s worker (pino\'s client) grew beyond its bound',
      'handles leaked']) {
      assert.ok(failed.includes(failure), `${failure}:\n${stdout}`)
    }
    // The cancelled-out entries leave the counts balanced: only the ledger
    // by entry sees them.
    const [, logged, stored, dropped] = LEDGER('pino').exec(stdout).map(Number)
    assert.equal(stored + dropped, logged)
    assert.match(stdout, /still alive: \["Timeout"\]/)
  })

  test('the heap of another thread is read from outside it, its ' +
    'ArrayBuffers included, after what it let go is collected', async () => {
    const worker = new Worker(`
      const { parentPort } = require('node:worker_threads')
      let held = []
      parentPort.on('message', (mib) => {
        held = Array.from({ length: mib * 16 }, () => new Uint8Array(65536))
        let garbage = Array.from({ length: 1e5 }, (_, i) => ({ i }))
        garbage = undefined
        parentPort.postMessage(held.length)
      })`, { eval: true })
    try {
      await once(worker, 'online')
      const before = await workerHeapAfterGc(worker)
      worker.postMessage(20)
      await once(worker, 'message')
      const growth = (await workerHeapAfterGc(worker) - before) / 2 ** 20
      assert.ok(growth >= 20 && growth < 21, `${growth} MiB`)
    } finally {
      await worker.terminate()
    }
  })
})

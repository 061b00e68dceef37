#!/usr/bin/env node
// lokits-receiver: runs a receiver in its own process for demos and
// benchmarks. Prints the URL as the first line of stdout; on SIGINT,
// SIGTERM or the end of a piped stdin, prints a JSON summary (with the
// stored streams under --streams) and exits 0.
import { fstatSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { LokiVersion } from './limits.js'
import { startLokiReceiver } from './receiver.js'

const USAGE = 'usage: lokits-receiver [--port N] [--host H] ' +
  '[--version 2|3] [--streams]'

async function main (): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      version: { type: 'string', default: '3' },
      streams: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help === true) {
    process.stdout.write(USAGE + '\n')
    return
  }

  // startLokiReceiver() checks these and names the option that is wrong.
  const receiver = await startLokiReceiver({
    host: values.host,
    port: Number(values.port),
    version: Number(values.version) as LokiVersion,
  })
  process.stdout.write(receiver.url + '\n')

  let stopping = false
  const stop = async (): Promise<void> => {
    if (stopping) return
    stopping = true
    // --streams adds every stored stream with its entries, for demos.
    const summary = values.streams === true
      ? { url: receiver.url, ...receiver.stats(), streams: receiver.streams() }
      : { url: receiver.url, ...receiver.stats() }
    await receiver.close()
    process.stdout.write(JSON.stringify(summary) + '\n')
    process.exit(0)
  }
  process.on('SIGINT', () => { void stop() })
  process.on('SIGTERM', () => { void stop() })
  // Only a pipe's end means "stop": a terminal or /dev/null on stdin
  // (a background job) must not end the receiver at once.
  const stdin = fstatSync(0)
  if (stdin.isFIFO() || stdin.isSocket()) {
    process.stdin.on('end', () => { void stop() })
    process.stdin.resume()
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `lokits-receiver: ${(error as Error).message}\n${USAGE}\n`)
  process.exit(1)
})

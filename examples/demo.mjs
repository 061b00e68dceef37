// The demo: logs from pino and winston into Loki, then what arrived.
// Uses the Loki at LOKI_URL, else starts a testkit receiver for it.
import { execFile } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { startLokiReceiver } from '@lokits/testkit'
import { printStreams } from './lib/loki.mjs'

const run = promisify(execFile)
const here = dirname(fileURLToPath(import.meta.url))
const examples = ['pino-basic.mjs', 'winston-basic.mjs']
const query = '{service=~"demo-.+"}'

const given = process.env.LOKI_URL
const receiver = given ? undefined : await startLokiReceiver()
const url = given ?? receiver.url
console.log(given
  ? `Sending to the Loki at ${url}`
  : `LOKI_URL is not set: started a testkit receiver at ${url}`)

try {
  for (const example of examples) {
    console.log(`\n$ node examples/${example}`)
    await run(process.execPath, [join(here, example)],
      { env: { ...process.env, LOKI_URL: url }, timeout: 60_000 })
    console.log('  done')
  }
  if (receiver) {
    console.log('\nWhat arrived, stream by stream:\n')
    printStreams(receiver.streams(), 3)
    const stats = receiver.stats()
    console.log(`\n${stats.entriesStored} entries stored in ` +
      `${receiver.streams().length} streams.`)
  } else {
    await showFromLoki(url)
  }
  console.log(`\nIn Grafana, Explore this LogQL query: ${query}`)
} finally {
  await receiver?.close()
}

// With a real Loki, ask it what it has for the demo's services.
async function showFromLoki (base) {
  const queryUrl = new URL('loki/api/v1/query_range',
    base.endsWith('/') ? base : base + '/')
  queryUrl.searchParams.set('query', query)
  queryUrl.searchParams.set('since', '5m')
  queryUrl.searchParams.set('limit', '100')
  try {
    const response = await fetch(queryUrl)
    const { data } = await response.json()
    for (const stream of data.result) {
      console.log(`${JSON.stringify(stream.stream)}: ${stream.values.length} ` +
        'entries')
    }
  } catch (error) {
    console.log(`Could not query ${queryUrl.origin}: ${error.message}`)
  }
}

#!/usr/bin/env node
// Pipe mode: `node app.js | lokits --url http://loki:3100 --label app=api`
// ships any program's newline-delimited JSON (pino's output) to Loki.
import { once } from 'node:events'
import {
  LokiOptionsError, type DropReport, type LokiStats,
} from '@lokits/core'
import { readFlags, usage } from './cli-flags.js'
import lokiTransport from './transport.js'

const USAGE_ERROR = 2

async function main (): Promise<void> {
  const command = readFlags(process.argv.slice(2), process.env)
  if (command.kind === 'help') {
    process.stdout.write(usage())
    return
  }
  const stream = await lokiTransport({
    ...command.options,
    onDropReport: (report: DropReport) => {
      process.stderr.write(`lokits: ${report.message}\n`)
    },
  })
  const final = once(stream, 'lokits:stats')
  process.stdin.pipe(stream)
  stopOnSecondSignal(() => {
    process.stdin.unpipe(stream)
    // An open stdin would keep the process alive once everything is sent.
    process.stdin.destroy()
    stream.end()
  })
  const [stats] = await final as [LokiStats]
  if (stats.dropped > 0) process.stderr.write(summary(stats))
}

/**
 * A signal sent to the whole pipeline (Ctrl-C) reaches the application
 * and this command together: keep reading until the application has
 * written its last lines and closed the pipe. A second signal stops
 * reading at once; what was read is still sent within the close deadline.
 */
function stopOnSecondSignal (stop: () => void): void {
  let signals = 0
  const onSignal = (): void => {
    signals++
    if (signals === 1) {
      process.stderr.write('lokits: reading until stdin ends; ' +
        'signal again to stop now\n')
    } else if (signals === 2) {
      stop()
    }
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  process.stdin.once('end', () => {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  })
}

function summary (stats: LokiStats): string {
  const reasons = Object.entries(stats.droppedByReason)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => `${reason}: ${count}`)
    .join(', ')
  return `lokits: ${stats.sent} sent, ${stats.dropped} dropped (${reasons})\n`
}

main().catch((error: unknown) => {
  const message = (error as Error)?.message ?? String(error)
  process.stderr.write(`lokits: ${message}\n`)
  if (error instanceof LokiOptionsError) {
    process.stderr.write('Run lokits --help for the flags.\n')
    process.exitCode = USAGE_ERROR
  } else {
    process.exitCode = 1
  }
})

import { setImmediate as nextTurn } from 'node:timers/promises'
import type { StreamGroups } from './protobuf-encoder.js'
import type { QueuedEntry } from './queued-entry.js'
import { nanosecondString } from './timestamp.js'

/**
 * One entry as a JSON value `["<ns>", <line>(, {metadata})]`. Loki 2.8 and
 * older refuse a third element, so it is there only with metadata.
 */
export function jsonValue (
  seconds: number,
  nanos: number,
  line: string,
  metadata: readonly string[] | undefined,
): string {
  let value = '["' + nanosecondString(seconds, nanos) + '",' +
    JSON.stringify(line)
  if (metadata !== undefined) {
    value += ',{'
    for (let i = 0; i < metadata.length; i += 2) {
      if (i > 0) value += ','
      value += JSON.stringify(metadata[i]) + ':' +
        JSON.stringify(metadata[i + 1])
    }
    value += '}'
  }
  return value + ']'
}

// Entries written between two turns of the event loop.
const ENTRIES_PER_TURN = 2048

/**
 * The JSON push body. Each entry's value was encoded and measured when it
 * was pushed (its `json` and `size`), so this only copies them into a
 * buffer of the exact size, over several turns of the event loop for a
 * large batch.
 */
export async function encodeJsonBody (streams: StreamGroups):
  Promise<Buffer> {
  const heads: string[] = []
  let total = '{"streams":[]}'.length + streams.size - 1
  for (const [labels, entries] of streams) {
    const head = '{"stream":' + labels.json + ',"values":['
    heads.push(head)
    total += Buffer.byteLength(head) + ']}'.length + entries.length - 1
    for (const entry of entries) total += entry.size
  }
  const body = Buffer.allocUnsafe(total)
  let at = body.write('{"streams":[')
  let written = 0
  let stream = 0
  for (const entries of streams.values()) {
    if (stream > 0) at += body.write(',', at)
    at += body.write(heads[stream++] as string, at)
    for (let i = 0; i < entries.length; i++) {
      if (i > 0) at += body.write(',', at)
      const entry = entries[i] as QueuedEntry
      at += body.write(entry.json as string, at, entry.size)
      if (++written % ENTRIES_PER_TURN === 0) await nextTurn()
    }
    at += body.write(']}', at)
  }
  body.write(']}', at)
  return body
}

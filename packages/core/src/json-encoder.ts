import { copyRecords } from './copy-records.js'
import { JSON_RECORD_SEPARATOR } from './json-record.js'
import type { StreamGroups } from './protobuf-encoder.js'

/**
 * The JSON push body. Each entry's value was written when it was pushed
 * (its record), so this copies the records into a buffer of the exact
 * size behind each stream's head.
 */
export function encodeJsonBody (streams: StreamGroups): Buffer {
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
  let stream = 0
  for (const entries of streams.values()) {
    if (stream > 0) body[at++] = JSON_RECORD_SEPARATOR
    at += body.write(heads[stream++] as string, at)
    at = copyRecords(entries, body, at, JSON_RECORD_SEPARATOR)
    at += body.write(']}', at)
  }
  body.write(']}', at)
  return body
}

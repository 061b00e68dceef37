import { copyRecords } from './copy-records.js'
import type { StreamGroups } from './protobuf-encoder.js'
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

const COMMA = 0x2c

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
    if (stream > 0) body[at++] = COMMA
    at += body.write(heads[stream++] as string, at)
    at = copyRecords(entries, body, at, COMMA)
    at += body.write(']}', at)
  }
  body.write(']}', at)
  return body
}

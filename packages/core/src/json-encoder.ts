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

/**
 * The JSON push body. Each entry's value was encoded when it was pushed
 * (its `json`), to measure the batch exactly, so this only joins them.
 */
export function encodeJsonBody (streams: StreamGroups): string {
  let body = '{"streams":['
  let first = true
  for (const [labels, entries] of streams) {
    body += (first ? '' : ',') + '{"stream":' + labels.json + ',"values":['
    first = false
    for (let i = 0; i < entries.length; i++) {
      body += (i === 0 ? '' : ',') + (entries[i] as QueuedEntry).json
    }
    body += ']}'
  }
  return body + ']}'
}

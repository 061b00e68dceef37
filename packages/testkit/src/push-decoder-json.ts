// Decodes Loki's JSON push body:
//   {"streams":[{"stream":{"app":"x"},"values":[["<ns>","line",{meta}]]}]}
import { formatLabels, normalizeLabels } from './label-set.js'
import type { LokiVersion } from './limits.js'
import {
  NO_PAIRS,
  PushRejection,
  type DecodedEntry,
  type DecodedPush,
  type DecodedStream,
  type LabelPair,
} from './push-request.js'

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n
const INTEGER = /^-?[0-9]+$/
const LONE_SURROGATE = /\p{Cs}/gu

/**
 * Decodes a JSON push. Throws a 400 `PushRejection` for anything Loki
 * would refuse as a whole: bad JSON, a numeric timestamp, a value with a
 * structured-metadata element on Loki 2, bad labels.
 */
export function decodeJsonPush (
  text: string,
  version: LokiVersion
): DecodedPush {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (error) {
    const problem = (error as Error).message
    throw new PushRejection(400, `invalid JSON body: ${problem}`)
  }
  if (!isObject(body)) reject('the body must be a JSON object')

  const streams = body['streams'] ?? []
  if (!Array.isArray(streams)) reject('"streams" must be an array')
  return {
    streams: streams.map((stream, i) => readStream(stream, i, version)),
  }
}

function readStream (
  stream: unknown,
  index: number,
  version: LokiVersion
): DecodedStream {
  const where = `streams[${index}]`
  if (!isObject(stream)) reject(`${where} must be an object`)

  const pairs = readStringMap(stream['stream'] ?? {}, `${where}.stream`)
  // Loki turns the map into a label string before parsing it.
  const source = formatLabels(pairs)
  const labels = normalizeLabels(pairs, version, source)

  const values = stream['values'] ?? []
  if (!Array.isArray(values)) reject(`${where}.values must be an array`)
  const entries = values.map((value, i) =>
    readEntry(value, `${where}.values[${i}]`, version))
  return { labels, stream: formatLabels(labels), entries }
}

function readEntry (
  value: unknown,
  where: string,
  version: LokiVersion
): DecodedEntry {
  if (!Array.isArray(value)) reject(`${where} must be an array`)
  if (value.length === 3 && version === 2) {
    reject(`${where} has 3 elements; this Loki takes [timestamp, line] ` +
      'only (structured metadata needs Loki 2.9 or later)')
  }
  if (value.length !== 2 && value.length !== 3) {
    reject(`${where} must be [timestamp, line] or ` +
      `[timestamp, line, structuredMetadata], got ${value.length} elements`)
  }

  const [timestamp, line, metadata] = value as unknown[]
  if (typeof line !== 'string') reject(`${where}[1] (line) must be a string`)
  const wellFormed = toWellFormed(line)
  return {
    timestampNs: readTimestamp(timestamp, `${where}[0]`),
    line: wellFormed,
    lineBytes: Buffer.byteLength(wellFormed),
    structuredMetadata: metadata === undefined
      ? NO_PAIRS
      : readStringMap(metadata, `${where}[2]`),
  }
}

function readTimestamp (timestamp: unknown, where: string): bigint {
  // Loki reads the timestamp as a string only: a JSON number cannot carry
  // nanoseconds exactly.
  if (typeof timestamp !== 'string') {
    reject(`${where} (timestamp) must be a string of integer nanoseconds, ` +
      `got ${typeof timestamp === 'number' ? 'a number' : typeof timestamp}`)
  }
  if (!INTEGER.test(timestamp)) {
    reject(`${where} (timestamp) is not an integer: ` +
      JSON.stringify(timestamp))
  }
  const ns = BigInt(timestamp)
  if (ns < INT64_MIN || ns > INT64_MAX) {
    reject(`${where} (timestamp) is out of the int64 range: ${timestamp}`)
  }
  return ns
}

function readStringMap (map: unknown, where: string): LabelPair[] {
  if (!isObject(map)) reject(`${where} must be an object of strings`)
  return Object.entries(map).map(([name, value]) => {
    if (typeof value !== 'string') {
      reject(`${where}.${name} must be a string, got ${typeof value}`)
    }
    return { name: toWellFormed(name), value: toWellFormed(value) }
  })
}

// Go's JSON decoder turns lone surrogates into U+FFFD; JSON.parse keeps
// them. Doing as Go does keeps stored strings what Loki would store.
function toWellFormed (text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd')
}

function isObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function reject (problem: string): never {
  throw new PushRejection(400, `invalid push request: ${problem}`)
}

// Decodes Loki's JSON push body:
//   {"streams":[{"stream":{"app":"x"},"values":[["<ns>","line",{meta}]]}]}
// Lines and metadata are written as UTF-8 into one buffer per push, so
// that their rows look as a protobuf push's do.
import { EntryRows } from './entry-rows.js'
import { readJsonTimestamp } from './json-timestamp.js'
import { LabelCache, type StreamLabels } from './label-cache.js'
import { formatLabels, isLabelName, normalizeLabels } from './label-set.js'
import type { LokiVersion } from './limits.js'
import {
  PushRejection,
  type DecodedPush,
  type DecodedStream,
  type LabelPair,
} from './push-request.js'

// String.prototype.toWellFormed() replaces lone surrogates with U+FFFD,
// and much faster than a regular expression does. Node.js 20 has it; the
// ES2023 library that the build targets does not declare it.
const { toWellFormed: wellFormed } =
  String.prototype as unknown as { toWellFormed: (this: string) => string }

/**
 * Decodes a JSON push. Throws a 400 `PushRejection` for anything Loki
 * would refuse as a whole: bad JSON, a numeric timestamp, a value with a
 * structured-metadata element on Loki 2, bad labels.
 *
 * @param labelCache - label strings already read, for this `version`
 */
export function readJsonPush (
  text: string,
  version: LokiVersion,
  labelCache = new LabelCache()
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
  const texts = new TextBuffer()
  const rows = new EntryRows([])
  const decoded: DecodedStream[] = []
  for (let i = 0; i < streams.length; i++) {
    decoded.push(readStream(streams[i], i, version, labelCache, texts, rows))
  }
  rows.chunks.push(texts.toBuffer())
  return { streams: decoded, rows }
}

function readStream (
  stream: unknown,
  index: number,
  version: LokiVersion,
  labelCache: LabelCache,
  texts: TextBuffer,
  rows: EntryRows
): DecodedStream {
  const where = `streams[${index}]`
  if (!isObject(stream)) reject(`${where} must be an object`)

  const pairs = readStringMap(stream['stream'] ?? {}, `${where}.stream`)
  const { labels, stream: canonical } =
    streamLabels(pairs, version, labelCache)

  const values = stream['values'] ?? []
  if (!Array.isArray(values)) reject(`${where}.values must be an array`)
  const firstRow = rows.length
  for (let i = 0; i < values.length; i++) {
    readEntry(values[i], `${where}.values[${i}]`, version, texts, rows)
  }
  return { labels, stream: canonical, firstRow, endRow: rows.length }
}

function streamLabels (
  pairs: readonly LabelPair[],
  version: LokiVersion,
  labelCache: LabelCache
): StreamLabels {
  // Loki turns the map into a label string before parsing it, so a string
  // read before reads as it did then. Only names that are not label names
  // could make another map's string: those are refused, the long way.
  const source = formatLabels(pairs)
  if (pairs.every(({ name }) => isLabelName(name))) {
    return labelCache.labels(source, version)
  }
  const labels = normalizeLabels(pairs, version, source)
  return { labels, stream: formatLabels(labels) }
}

function readEntry (
  value: unknown,
  where: string,
  version: LokiVersion,
  texts: TextBuffer,
  rows: EntryRows
): void {
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
  const time = readJsonTimestamp(timestamp)
  if (typeof time === 'string') reject(`${where}[0] (timestamp) ${time}`)
  const pairs = metadata === undefined
    ? []
    : readStringMap(metadata, `${where}[2]`)

  const pairStart = rows.pairLength
  for (const { name, value } of pairs) {
    const nameStart = texts.length
    const nameLength = texts.add(name)
    rows.addPair(nameStart, nameLength, texts.length, texts.add(value))
  }
  const lineStart = texts.length
  rows.add(time.seconds, time.nanos, lineStart,
    texts.add(toWellFormed(line)), pairStart, 0)
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

/** Strings to be written one after another as UTF-8. */
class TextBuffer {
  /** UTF-8 bytes of the strings added so far. */
  length = 0
  private readonly texts: string[] = []

  /** Adds a string; returns its UTF-8 length. */
  add (text: string): number {
    const bytes = Buffer.byteLength(text)
    this.texts.push(text)
    this.length += bytes
    return bytes
  }

  toBuffer (): Buffer {
    const buffer = Buffer.allocUnsafe(this.length)
    let at = 0
    for (const text of this.texts) at += buffer.write(text, at)
    return buffer
  }
}

// Go's JSON decoder turns lone surrogates into U+FFFD; JSON.parse keeps
// them. Doing as Go does keeps stored strings what Loki would store.
function toWellFormed (text: string): string {
  return wellFormed.call(text)
}

function isObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function reject (problem: string): never {
  throw new PushRejection(400, `invalid push request: ${problem}`)
}

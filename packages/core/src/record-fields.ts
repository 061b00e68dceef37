import { safeJson } from './safe-json.js'

/**
 * Which fields of a log record (a pino object or a winston info) become
 * labels and which become structured metadata. Shared by the adapters so
 * that `labelKeys` and `metadataKeys` mean the same in both.
 */
export interface RecordFieldOptions {
  /**
   * Fields promoted to labels; dots reach into nested objects
   * (`'req.method'` becomes the label `req_method`). Keep unbounded values
   * (ids, paths) out: every distinct value is a new stream.
   * @default []
   */
  readonly labelKeys?: readonly string[]
  /**
   * Fields sent as structured metadata (Loki 2.9+), for example
   * `['trace_id', 'span_id']`: searchable, but not labels.
   * @default []
   */
  readonly metadataKeys?: readonly string[]
}

type Path = readonly string[]

/** Reads promoted fields out of log records. */
export class RecordFields {
  readonly #labels: readonly (readonly [string, Path])[]
  readonly #metadata: readonly (readonly [string, Path])[]
  readonly #topKeys: ReadonlySet<string>

  constructor (options: RecordFieldOptions) {
    this.#labels = paths(options.labelKeys)
    this.#metadata = paths(options.metadataKeys)
    this.#topKeys = new Set([...this.#labels, ...this.#metadata]
      .filter(([, path]) => path.length === 1)
      .map(([key]) => key))
  }

  /** Adds the record's label fields to `into`; returns `into`. */
  labels (
    record: Readonly<Record<string, unknown>>, into: Record<string, unknown>,
  ): Record<string, unknown> {
    return collect(record, this.#labels, into)
  }

  /** The record's metadata fields, or undefined when it has none. */
  metadata (record: Readonly<Record<string, unknown>>):
    Record<string, unknown> | undefined {
    if (this.#metadata.length === 0) return undefined
    const found = collect(record, this.#metadata, {})
    for (const _ in found) return found
    return undefined
  }

  /**
   * A shallow copy of the record without the promoted top-level fields
   * (nested ones stay: copying nested objects costs more than it saves).
   */
  withoutPromoted (record: Readonly<Record<string, unknown>>):
    Record<string, unknown> {
    const copy: Record<string, unknown> = {}
    for (const key of Object.keys(record)) {
      if (!this.#topKeys.has(key)) copy[key] = record[key]
    }
    return copy
  }
}

function paths (keys: readonly string[] | undefined):
  (readonly [string, Path])[] {
  return (keys ?? []).map((key) => [key, key.split('.')] as const)
}

function collect (
  record: Readonly<Record<string, unknown>>,
  fields: readonly (readonly [string, Path])[],
  into: Record<string, unknown>,
): Record<string, unknown> {
  for (const [key, path] of fields) {
    const value = readPath(record, path)
    if (value !== undefined && value !== null) into[key] = value
  }
  return into
}

/** The value at `path` in `record`, own properties only. */
export function readPath (record: unknown, path: Path): unknown {
  let value = record
  for (const step of path) {
    if (value === null || typeof value !== 'object' ||
        !Object.hasOwn(value, step)) return undefined
    value = (value as Record<string, unknown>)[step]
  }
  return value
}

const BARE = /^[^\s"=\\]+$/

/**
 * A record as logfmt: `key=value` pairs, values quoted when they hold
 * spaces, quotes or `=`; nested objects as JSON.
 */
export function formatLogfmt (record: Readonly<Record<string, unknown>>):
  string {
  let line = ''
  for (const key of Object.keys(record)) {
    const value = record[key]
    if (value === undefined) continue
    const text = typeof value === 'string'
      ? value
      : typeof value === 'object' && value !== null
        ? safeJson(value)
        : String(value)
    if (line !== '') line += ' '
    line += key.replace(/[\s"=]/g, '_') + '=' +
      (BARE.test(text) ? text : JSON.stringify(text))
  }
  return line
}

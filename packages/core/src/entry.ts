import type { TimestampInput } from './timestamp.js'

/** One log entry for {@link LokiClient.push}. */
export interface LokiEntry {
  /** The log line. Other values are turned into text (JSON for objects). */
  readonly line: string
  /** Labels of this entry's stream, added to (and over) the static ones. */
  readonly labels?: Readonly<Record<string, unknown>>
  /**
   * When it happened; precision is kept to the nanosecond.
   * @default the time of the `push()` call
   */
  readonly timestamp?: TimestampInput
  /** Structured metadata (Loki 2.9+): per-entry pairs that are not labels. */
  readonly structuredMetadata?: Readonly<Record<string, unknown>>
  /** Tenant of this entry. @default the client's `tenant` */
  readonly tenant?: string
}

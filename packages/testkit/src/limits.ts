// The limits Loki enforces on a push, with the defaults of the two major
// versions the receiver emulates. Zero turns a limit off.
import { InvalidReceiverOptionError } from './errors.js'

/** The major Loki version whose behaviour the receiver emulates. */
export type LokiVersion = 2 | 3

/** Loki's per-tenant limits; every size is in bytes, 0 means no limit. */
export interface LokiLimits {
  /** Labels per stream. @default 15 (Loki 3), 30 (Loki 2) */
  readonly maxLabelNamesPerSeries: number
  /** Bytes of a label name. @default 1024 */
  readonly maxLabelNameLength: number
  /** Bytes of a label value. @default 2048 */
  readonly maxLabelValueLength: number
  /** Bytes of a line. @default 262144 (Loki 3), 0 (Loki 2) */
  readonly maxLineSize: number
  /** Entries older than now minus this are refused. @default 7 days */
  readonly rejectOldSamplesMaxAgeMs: number
  /** Entries newer than now plus this are refused. @default 10 minutes */
  readonly creationGracePeriodMs: number
  /**
   * Entries older than the stream's newest entry minus this are refused
   * (half of Loki's `max_chunk_age`). @default 1 hour
   */
  readonly outOfOrderWindowMs: number
  /** Bytes of names and values of one entry's structured metadata.
   * @default 65536 (Loki 3), 0 (Loki 2, which ignores metadata) */
  readonly maxStructuredMetadataSize: number
  /** Structured metadata pairs per entry. @default 128 (Loki 3), 0 (Loki 2) */
  readonly maxStructuredMetadataEntries: number
  /** Bytes of a request body, before or after decompression.
   * @default 104857600 (Loki 3), 0 (Loki 2) */
  readonly maxBodyBytes: number
  /** Active streams per tenant. @default 5000 */
  readonly maxStreamsPerTenant: number
}

const DAY_MS = 24 * 60 * 60 * 1000

const LOKI_3: LokiLimits = {
  maxLabelNamesPerSeries: 15,
  maxLabelNameLength: 1024,
  maxLabelValueLength: 2048,
  maxLineSize: 256 * 1024,
  rejectOldSamplesMaxAgeMs: 7 * DAY_MS,
  creationGracePeriodMs: 10 * 60 * 1000,
  outOfOrderWindowMs: 60 * 60 * 1000,
  maxStructuredMetadataSize: 64 * 1024,
  maxStructuredMetadataEntries: 128,
  maxBodyBytes: 100 * 1024 * 1024,
  maxStreamsPerTenant: 5000,
}

const LOKI_2: LokiLimits = {
  ...LOKI_3,
  maxLabelNamesPerSeries: 30,
  maxLineSize: 0,
  maxStructuredMetadataSize: 0,
  maxStructuredMetadataEntries: 0,
  maxBodyBytes: 0,
}

/** The default limits of a Loki version. */
export function defaultLimits (version: LokiVersion): LokiLimits {
  return version === 2 ? LOKI_2 : LOKI_3
}

/**
 * The version's defaults with `overrides` applied. Throws on an unknown
 * name or a value that is not a non-negative integer.
 */
export function resolveLimits (
  version: LokiVersion,
  overrides: Partial<LokiLimits> = {}
): LokiLimits {
  const limits: Record<string, number> = { ...defaultLimits(version) }
  for (const [name, value] of Object.entries(overrides)) {
    if (!(name in limits)) {
      throw new InvalidReceiverOptionError(
        `limits.${name}`, `one of ${Object.keys(limits).join(', ')}`, name
      )
    }
    if (value === undefined) continue
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new InvalidReceiverOptionError(
        `limits.${name}`, 'a non-negative integer (0 = no limit)', value
      )
    }
    limits[name] = value
  }
  return limits as unknown as LokiLimits
}

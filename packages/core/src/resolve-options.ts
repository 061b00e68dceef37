import type { Dispatcher } from 'undici'
import { systemClock, type Clock } from './clock.js'
import { dropReportHandler, type DropReport } from './drop-report.js'
import { LokiOptionsError, type DropReason, type LokiError } from './errors.js'
import type {
  DroppedEntry, Encoding, LokiClientOptions, Overflow, RetryInfo, TlsOptions,
} from './options.js'
import { pushUrl, redactUrl } from './push-url.js'
import {
  resolveSpoolOptions, type ResolvedSpoolOptions,
} from './spool/spool-options.js'

/** Options with every default applied, validated once at construction. */
export interface ResolvedOptions {
  readonly url: URL
  readonly labels: Readonly<Record<string, unknown>>
  readonly encoding: Encoding
  readonly gzip: boolean
  readonly tenant: string
  readonly authorization: string | undefined
  readonly headers: Readonly<Record<string, string>>
  readonly tls: TlsOptions | undefined
  readonly proxy: string | undefined
  readonly dispatcher: Dispatcher | undefined
  readonly timeoutMs: number
  readonly maxEntries: number
  readonly maxBytes: number
  readonly maxWaitMs: number
  readonly maxInFlight: number
  readonly maxQueueEntries: number
  readonly maxQueueBytes: number
  readonly overflow: Overflow
  readonly maxLineBytes: number
  readonly lineTooLong: 'truncate' | 'drop'
  readonly maxLabels: number
  readonly maxLabelNameBytes: number
  readonly maxLabelValueBytes: number
  readonly maxEntryAgeMs: number
  readonly creationGracePeriodMs: number
  readonly uniqueTimestamps: boolean
  readonly closeTimeoutMs: number
  readonly retry: {
    readonly maxAttempts: number
    readonly minDelayMs: number
    readonly maxDelayMs: number
    readonly maxRetryAfterMs: number
    readonly retryRateLimited: boolean
    readonly maxRejectedProbes: number
  }
  readonly onDrop: ((entries: readonly DroppedEntry[], reason: DropReason) => void) | undefined
  readonly onError: ((error: LokiError) => void) | undefined
  readonly onRetry: ((info: RetryInfo) => void) | undefined
  readonly onDropReport: ((report: DropReport) => void) | undefined
  readonly dropReportIntervalMs: number
  readonly clock: Clock
  readonly random: () => number
  readonly spool: ResolvedSpoolOptions | undefined
}

/** The default deadline of `close()`, in milliseconds. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 5000

/** The deadline a `close()` call asks for, or the error that refuses it. */
export function closeDeadline (
  options: { readonly timeoutMs?: number } | undefined, fallback: number,
): number | LokiOptionsError {
  const timeoutMs = options?.timeoutMs ?? fallback
  return Number.isSafeInteger(timeoutMs) && timeoutMs >= 0
    ? timeoutMs
    : new LokiOptionsError('close.timeoutMs', 'must be an integer >= 0',
      timeoutMs)
}

const OVERFLOWS: readonly Overflow[] = ['block', 'drop-new', 'drop-oldest']
const ENCODINGS: readonly Encoding[] = ['protobuf', 'json']
// Header names the client owns: a user header must not change the body's
// meaning or move entries to another tenant.
const RESERVED_HEADERS = new Set([
  'content-type', 'content-encoding', 'content-length', 'x-scope-orgid',
])
// Loki's tenant rule: these characters, at most 150 bytes, not . or ..
const TENANT = /^[a-zA-Z0-9!\-_.*'()]{1,150}$/

/**
 * Applies defaults and validates every option.
 * @throws {LokiOptionsError} naming the option, the rule and the value.
 */
export function resolveOptions (options: LokiClientOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') {
    throw new LokiOptionsError('options', 'must be an object', options)
  }
  const o = options
  const url = pushUrl(o.url)
  const retry = o.retry ?? {}
  if (retry === null || typeof retry !== 'object') {
    throw new LokiOptionsError('retry', 'must be an object', retry)
  }
  const maxEntries = int('maxEntries', o.maxEntries, 10_000, 1)
  const resolved: ResolvedOptions = {
    url: url.url,
    labels: record('labels', o.labels),
    encoding: oneOf('encoding', o.encoding, ENCODINGS, 'protobuf'),
    gzip: bool('gzip', o.gzip, false),
    tenant: tenant('tenant', o.tenant ?? ''),
    authorization: authorization(o, url.basicAuth),
    headers: headers(o.headers),
    tls: o.tls === undefined ? undefined : objectOption('tls', o.tls),
    proxy: o.proxy === undefined ? undefined : proxy(o.proxy),
    dispatcher: o.dispatcher === undefined
      ? undefined
      : objectOption('dispatcher', o.dispatcher),
    timeoutMs: int('timeoutMs', o.timeoutMs, 10_000, 1),
    maxEntries,
    maxBytes: int('maxBytes', o.maxBytes, 1024 * 1024, 1024),
    maxWaitMs: int('maxWaitMs', o.maxWaitMs, 1000, 0),
    maxInFlight: int('maxInFlight', o.maxInFlight, 1, 1),
    maxQueueEntries: int('maxQueueEntries', o.maxQueueEntries, 100_000, 1),
    maxQueueBytes: int('maxQueueBytes', o.maxQueueBytes, 64 * 1024 * 1024, 1),
    overflow: oneOf('overflow', o.overflow, OVERFLOWS, 'block'),
    maxLineBytes: int('maxLineBytes', o.maxLineBytes, 256 * 1024, 64),
    lineTooLong: oneOf('lineTooLong', o.lineTooLong,
      ['truncate', 'drop'] as const, 'truncate'),
    maxLabels: int('maxLabels', o.maxLabels, 15, 1),
    maxLabelNameBytes: int('maxLabelNameBytes', o.maxLabelNameBytes, 1024, 1),
    maxLabelValueBytes:
      int('maxLabelValueBytes', o.maxLabelValueBytes, 2048, 16),
    maxEntryAgeMs:
      int('maxEntryAgeMs', o.maxEntryAgeMs, 7 * 24 * 3600 * 1000, 1),
    creationGracePeriodMs:
      int('creationGracePeriodMs', o.creationGracePeriodMs, 10 * 60 * 1000, 0),
    uniqueTimestamps: bool('uniqueTimestamps', o.uniqueTimestamps, true),
    closeTimeoutMs:
      int('closeTimeoutMs', o.closeTimeoutMs, DEFAULT_CLOSE_TIMEOUT_MS, 0),
    retry: {
      maxAttempts: int('retry.maxAttempts', retry.maxAttempts, 10, 1),
      minDelayMs: int('retry.minDelayMs', retry.minDelayMs, 500, 0),
      maxDelayMs: int('retry.maxDelayMs', retry.maxDelayMs, 30_000, 0),
      maxRetryAfterMs:
        int('retry.maxRetryAfterMs', retry.maxRetryAfterMs, 300_000, 0),
      retryRateLimited:
        bool('retry.retryRateLimited', retry.retryRateLimited, true),
      // Halving a batch down to single entries costs at most two requests
      // per entry: this default resolves any batch.
      maxRejectedProbes: int('retry.maxRejectedProbes',
        retry.maxRejectedProbes, 2 * maxEntries, 0),
    },
    onDrop: fn('onDrop', o.onDrop),
    onError: fn('onError', o.onError),
    onRetry: fn('onRetry', o.onRetry),
    onDropReport: dropReportHandler(o.onDropReport),
    dropReportIntervalMs:
      int('dropReportIntervalMs', o.dropReportIntervalMs, 60_000, 1),
    clock: o.clock === undefined ? systemClock : objectOption('clock', o.clock),
    random: fn('random', o.random) ?? Math.random,
    spool: o.spool === undefined ? undefined : resolveSpoolOptions(o.spool),
  }
  if (resolved.retry.maxDelayMs < resolved.retry.minDelayMs) {
    throw new LokiOptionsError('retry.maxDelayMs',
      `must be at least retry.minDelayMs (${resolved.retry.minDelayMs})`,
      resolved.retry.maxDelayMs)
  }
  if (resolved.gzip && resolved.encoding !== 'json') {
    throw new LokiOptionsError('gzip',
      "applies to encoding 'json' only (protobuf bodies are snappy)", true)
  }
  return resolved
}

export function int (
  name: string, value: unknown, fallback: number, min: number,
): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isSafeInteger(value) ||
      value < min) {
    throw new LokiOptionsError(name, `must be an integer >= ${min}`, value)
  }
  return value
}

function bool (name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') {
    throw new LokiOptionsError(name, 'must be a boolean', value)
  }
  return value
}

export function oneOf<T extends string> (
  name: string, value: unknown, allowed: readonly T[], fallback: T,
): T {
  if (value === undefined) return fallback
  if (!allowed.includes(value as T)) {
    throw new LokiOptionsError(name,
      `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value)
  }
  return value as T
}

function fn<T> (name: string, value: T | undefined): T | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'function') {
    throw new LokiOptionsError(name, 'must be a function', value)
  }
  return value
}

function objectOption<T> (name: string, value: T): T {
  if (value === null || typeof value !== 'object') {
    throw new LokiOptionsError(name, 'must be an object', value)
  }
  return value
}

function record (
  name: string, value: unknown,
): Readonly<Record<string, unknown>> {
  if (value === undefined) return {}
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new LokiOptionsError(name, 'must be an object of labels', value)
  }
  return value as Record<string, unknown>
}

function tenant (name: string, value: unknown): string {
  if (value === '') return ''
  if (typeof value !== 'string' || !TENANT.test(value) ||
      value === '.' || value === '..') {
    throw new LokiOptionsError(name,
      "must be 1 to 150 characters of [a-zA-Z0-9!-_.*'()], not . or ..",
      value)
  }
  return value
}

function headers (value: unknown): Readonly<Record<string, string>> {
  const checked = record('headers', value)
  for (const [key, header] of Object.entries(checked)) {
    if (typeof header !== 'string') {
      throw new LokiOptionsError(`headers.${key}`, 'must be a string', header)
    }
    if (RESERVED_HEADERS.has(key.toLowerCase())) {
      throw new LokiOptionsError(`headers.${key}`,
        'is set by the client and cannot be overridden (use the tenant ' +
        'option for X-Scope-OrgID)', '(hidden)')
    }
  }
  return checked as Record<string, string>
}

function authorization (
  o: LokiClientOptions,
  fromUrl: { username: string, password: string } | undefined,
): string | undefined {
  const basic = o.basicAuth ?? fromUrl
  if (basic !== undefined && o.bearerToken !== undefined) {
    throw new LokiOptionsError('bearerToken',
      'cannot be combined with basic auth', '(hidden)')
  }
  if (basic !== undefined) {
    if (basic === null || typeof basic !== 'object' ||
        typeof basic.username !== 'string' ||
        typeof basic.password !== 'string') {
      throw new LokiOptionsError('basicAuth',
        'must be { username: string, password: string }', '(hidden)')
    }
    const pair = `${basic.username}:${basic.password}`
    return `Basic ${Buffer.from(pair).toString('base64')}`
  }
  if (o.bearerToken !== undefined) {
    if (typeof o.bearerToken !== 'string' || o.bearerToken === '') {
      throw new LokiOptionsError('bearerToken', 'must be a non-empty string',
        '(hidden)')
    }
    return `Bearer ${o.bearerToken}`
  }
  return undefined
}

function proxy (value: unknown): string {
  if (typeof value !== 'string' || !URL.canParse(value)) {
    throw new LokiOptionsError('proxy', 'must be an http(s) URL',
      typeof value === 'string' ? redactUrl(value) : value)
  }
  return value
}

/** Checks a per-entry tenant; undefined when it is not valid. */
export function isValidTenant (value: string): boolean {
  return TENANT.test(value) && value !== '.' && value !== '..'
}

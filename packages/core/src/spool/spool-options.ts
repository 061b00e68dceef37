import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { LokiOptionsError } from '../errors.js'
import { int, oneOf } from '../resolve-options.js'

/**
 * When segment writes are forced to the disk. A write reaches the page
 * cache before `push()` returns, so a killed process loses nothing in any
 * mode; `fsync` decides what a power loss or kernel crash may cost.
 *
 * - `always`: after every entry. Nothing accepted is lost, at the price
 *   of one disk flush per `push()` (hundreds to a few thousand a second).
 * - `interval`: every `fsyncIntervalMs` while there are new writes. At
 *   most that much of the newest entries may be lost.
 * - `never`: when the kernel gets to it (usually within 30 s).
 */
export type SpoolFsync = 'always' | 'interval' | 'never'

/**
 * A directory where the client keeps every accepted entry until Loki has
 * it or it is counted as dropped. Entries survive a crash and outages
 * longer than the memory queue holds; the next client on the directory
 * sends what is left, with the original timestamps, so that Loki removes
 * the entries it already had.
 */
export interface SpoolOptions {
  /** The directory, created when missing; one client at a time. */
  readonly dir: string
  /**
   * Most bytes of segment files; at the bound `push()` does what
   * `overflow` says, as with the memory bounds.
   * @default 1073741824 (1 GiB)
   */
  readonly maxBytes?: number
  /** When writes are forced to the disk. @default 'interval' */
  readonly fsync?: SpoolFsync
  /** Interval of `fsync: 'interval'`. @default 1000 */
  readonly fsyncIntervalMs?: number
  /**
   * Size at which a segment file is closed and a new one started; a
   * segment is deleted when every entry in it is sent or dropped.
   * @default 8388608 (8 MiB)
   */
  readonly segmentBytes?: number
}

/** Spool options with defaults applied. */
export interface ResolvedSpoolOptions {
  readonly dir: string
  readonly maxBytes: number
  readonly fsync: SpoolFsync
  readonly fsyncIntervalMs: number
  readonly segmentBytes: number
}

const FSYNC: readonly SpoolFsync[] = ['always', 'interval', 'never']

/**
 * Validates the `spool` option and creates its directory.
 * @throws {LokiOptionsError} naming the option, the rule and the value.
 */
export function resolveSpoolOptions (value: unknown): ResolvedSpoolOptions {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new LokiOptionsError('spool', 'must be an object with a dir', value)
  }
  const o = value as SpoolOptions
  if (typeof o.dir !== 'string' || o.dir === '') {
    throw new LokiOptionsError('spool.dir', 'must be a directory path',
      o.dir)
  }
  const resolved: ResolvedSpoolOptions = {
    dir: resolve(o.dir),
    maxBytes: int('spool.maxBytes', o.maxBytes, 1024 ** 3, 4096),
    fsync: oneOf('spool.fsync', o.fsync, FSYNC, 'interval'),
    fsyncIntervalMs: int('spool.fsyncIntervalMs', o.fsyncIntervalMs, 1000, 1),
    segmentBytes: int('spool.segmentBytes', o.segmentBytes, 8 * 1024 ** 2,
      1024),
  }
  if (resolved.segmentBytes > resolved.maxBytes) {
    throw new LokiOptionsError('spool.segmentBytes',
      `must be at most spool.maxBytes (${resolved.maxBytes})`,
      resolved.segmentBytes)
  }
  try {
    mkdirSync(resolved.dir, { recursive: true })
  } catch (error) {
    throw new LokiOptionsError('spool.dir',
      `must be a directory that can be created (${
        (error as NodeJS.ErrnoException).code ?? 'error'})`, o.dir)
  }
  return resolved
}

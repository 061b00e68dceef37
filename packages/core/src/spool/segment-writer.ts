import {
  closeSync, fdatasync, fdatasyncSync, ftruncateSync, openSync, writeSync,
} from 'node:fs'
import { dirname } from 'node:path'
import type { Clock } from '../clock.js'
import { SEGMENT_HEADER } from './segment-file.js'
import type { SpoolFsync } from './spool-options.js'

/** What a writer needs besides its file. */
export interface WriterPolicy {
  readonly fsync: SpoolFsync
  readonly fsyncIntervalMs: number
  readonly clock: Clock
  /** A background flush to disk failed. */
  readonly onSyncError: (error: Error, path: string) => void
}

/**
 * Appends records to one new segment file. Each append is one
 * synchronous write, done before `push()` returns: once in the page
 * cache, the record outlives the process. The fsync policy decides when
 * it reaches the disk itself.
 */
export class SegmentWriter {
  /** Bytes in the file, header included. */
  bytes = 0
  readonly #fd: number
  readonly #policy: WriterPolicy
  #dirty = false
  #timer: unknown
  #syncing = 0
  #closed = false

  /** Creates the file; it must not exist. */
  constructor (readonly path: string, policy: WriterPolicy) {
    this.#policy = policy
    this.#fd = openSync(path, 'wx')
    this.#write(SEGMENT_HEADER, SEGMENT_HEADER.length)
    // The new name must reach the disk too, or a flushed segment could
    // be unreachable after a power loss.
    if (policy.fsync !== 'never') syncDirectory(dirname(path))
  }

  /** Appends `length` bytes of `buffer`. @throws on a failed write. */
  append (buffer: Buffer, length: number): void {
    try {
      this.#write(buffer, length)
    } catch (error) {
      // Cut a partial record, so that later records do not follow
      // garbage (which would quarantine the segment at the next start).
      try {
        ftruncateSync(this.#fd, this.bytes)
      } catch {
        // The segment is closed by the caller; a scan will cut the tail.
      }
      throw error
    }
    const { fsync } = this.#policy
    if (fsync === 'always') {
      fdatasyncSync(this.#fd)
    } else if (fsync === 'interval' && !this.#dirty) {
      this.#dirty = true
      this.#timer ??= this.#policy.clock.setTimeout(this.#sync,
        this.#policy.fsyncIntervalMs)
    }
  }

  /**
   * Closes the file once pending writes are on disk (as the policy
   * wants). Without `wait` the flush runs in the background.
   */
  close (wait: boolean): void {
    if (this.#closed) return
    this.#closed = true
    if (this.#timer !== undefined) this.#policy.clock.clearTimeout(this.#timer)
    this.#timer = undefined
    if (wait) this.syncNow()
    else if (this.#dirty && this.#policy.fsync !== 'never') this.#startSync()
    // A background flush still uses the descriptor: it closes it itself.
    if (this.#syncing === 0) closeSync(this.#fd)
  }

  /** Forces what was written to disk now (at process exit). */
  syncNow (): void {
    if (this.#dirty && this.#policy.fsync !== 'never') {
      this.#dirty = false
      fdatasyncSync(this.#fd)
    }
  }

  #write (buffer: Buffer, length: number): void {
    let done = 0
    while (done < length) {
      done += writeSync(this.#fd, buffer, done, length - done)
    }
    this.bytes += length
  }

  readonly #sync = (): void => {
    this.#timer = undefined
    if (this.#dirty && !this.#closed) this.#startSync()
  }

  #startSync (): void {
    this.#dirty = false
    this.#syncing++
    fdatasync(this.#fd, (error) => {
      this.#syncing--
      if (error !== null) this.#policy.onSyncError(error, this.path)
      if (this.#closed && this.#syncing === 0) closeSync(this.#fd)
    })
  }
}

function syncDirectory (dir: string): void {
  let fd: number | undefined
  try {
    fd = openSync(dir, 'r')
    fdatasyncSync(fd)
  } catch {
    // Some file systems cannot sync a directory; the data files still are.
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

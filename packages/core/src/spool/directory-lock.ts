import {
  closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { LokiSpoolError } from '../errors.js'

// Directories this thread holds. A lock naming our own pid was taken by
// this thread, by another thread of this process, or by an earlier
// process that had the same pid (a container restarted): see isStale.
const held = new Set<string>()

/**
 * An exclusive claim on a spool directory: a `lock` file created with
 * `wx` (fails when it exists) holding the owner's pid. Two writers on one
 * directory would interleave records and delete each other's segments.
 */
export class DirectoryLock {
  readonly #path: string
  #released = false

  /** @throws {LokiSpoolError} `LOKI_SPOOL_LOCKED` when a live owner has it. */
  constructor (readonly dir: string) {
    this.#path = join(dir, 'lock')
    if (held.has(this.#path) || !this.#create()) {
      // A stale lock is removed once; if someone else takes it first,
      // theirs is the live one.
      if (held.has(this.#path) || !this.#isStale() || !this.#retake()) {
        throw new LokiSpoolError('LOKI_SPOOL_LOCKED',
          `spool directory ${dir} is in use by process ${this.#owner()}`,
          dir)
      }
    }
    held.add(this.#path)
  }

  /** Removes the lock file. Idempotent. */
  release (): void {
    if (this.#released) return
    this.#released = true
    held.delete(this.#path)
    try {
      unlinkSync(this.#path)
    } catch {
      // Already gone: nothing to release.
    }
  }

  #create (): boolean {
    let fd: number
    try {
      fd = openSync(this.#path, 'wx')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
      throw error
    }
    try {
      writeSync(fd, `${process.pid}\n`)
    } finally {
      closeSync(fd)
    }
    return true
  }

  #retake (): boolean {
    try {
      unlinkSync(this.#path)
    } catch {
      // Another process removed it first; the create below decides.
    }
    return this.#create()
  }

  #owner (): number | undefined {
    try {
      const pid = Number.parseInt(readFileSync(this.#path, 'latin1'), 10)
      return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined
    } catch {
      return undefined
    }
  }

  #isStale (): boolean {
    const pid = this.#owner()
    // An empty or unreadable lock is one whose writer died between
    // creating it and writing its pid.
    if (pid === undefined) return true
    if (pid === process.pid) return this.#olderThanProcess()
    try {
      process.kill(pid, 0)
      return false
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH'
    }
  }

  // Our own pid in a lock written before this process started can only
  // be a previous process's: pids repeat across container restarts.
  #olderThanProcess (): boolean {
    try {
      const started = Date.now() - process.uptime() * 1000
      return statSync(this.#path).mtimeMs < started - 1000
    } catch {
      return true
    }
  }
}

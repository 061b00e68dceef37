import {
  readFileSync, renameSync, truncateSync, unlinkSync, writeFileSync,
} from 'node:fs'
import { debug } from '../diagnostics.js'
import { LokiSpoolError } from '../errors.js'
import { Segment } from './segment.js'
import { listSegments } from './segment-file.js'
import { scanSegment, type SegmentScan } from './segment-scan.js'

/** What an earlier run left in a spool directory. */
export interface Recovered {
  /** Segments with entries to send, oldest first, sequences assigned. */
  readonly segments: Segment[]
  /** The id after the highest segment id seen. */
  readonly nextId: number
  readonly quarantined: number
}

/**
 * Checks every segment an earlier run left: a torn last record (a crash
 * in the middle of a write) is cut; a segment damaged before its end is
 * renamed `.corrupt` and its good records before the damage are kept.
 * Neither stops the client from starting; damage goes to `report`.
 *
 * Entries read back get negative sequence numbers in file order: older
 * than anything pushed in this run, so `flush()` waits for them and
 * `drop-oldest` takes them first.
 */
export function recoverSegments (
  dir: string, report: (error: LokiSpoolError) => void,
): Recovered {
  const found = listSegments(dir)
  const segments: Segment[] = []
  let quarantined = 0
  for (const { id, path } of found) {
    let scan: SegmentScan
    try {
      scan = scanSegment(path)
      if (scan.state === 'corrupt') {
        quarantine(path, scan)
        quarantined++
        report(new LokiSpoolError('LOKI_SPOOL_CORRUPT',
          `spool segment ${path} is damaged at byte ${scan.end} of ` +
          `${scan.size}: the ${scan.records} entries before it are sent, ` +
          `the file is kept as ${path}.corrupt`, path))
      } else if (scan.state === 'torn') {
        debug('spool segment %s: torn last record cut at byte %d',
          path, scan.end)
        if (scan.records > 0) truncateSync(path, scan.end)
      }
      if (scan.records === 0) {
        if (scan.state !== 'corrupt') unlinkSync(path)
        continue
      }
    } catch (error) {
      report(new LokiSpoolError('LOKI_SPOOL_IO',
        `spool segment ${path} cannot be read back and is left as it is: ` +
        (error as Error)?.message, path, error))
      continue
    }
    const segment = new Segment(id, path, scan.end, true)
    segment.records = scan.records
    segments.push(segment)
  }
  let sequence = -segments.reduce((sum, s) => sum + s.records, 0)
  for (const segment of segments) {
    segment.restore(segment.records, sequence)
    sequence += segment.records
  }
  const last = found[found.length - 1]
  return { segments, nextId: (last?.id ?? 0) + 1, quarantined }
}

/**
 * Moves a damaged segment aside for inspection and puts its good records
 * back under the segment's name, so they are sent in their place.
 */
function quarantine (path: string, scan: SegmentScan): void {
  const kept = scan.records > 0
    ? readFileSync(path).subarray(0, scan.end)
    : undefined
  renameSync(path, `${path}.corrupt`)
  if (kept !== undefined) writeFileSync(path, kept, { flag: 'wx' })
}

import { readdirSync } from 'node:fs'
import { join } from 'node:path'

/** The first bytes of every segment: a name and the format's version. */
export const SEGMENT_HEADER = Buffer.from('LKSPOOL\u0001', 'latin1')

const SUFFIX = '.seg'
const NAME = /^(\d{12})\.seg$/

/** A segment file's name: its id, zero-padded so that names sort. */
export function segmentPath (dir: string, id: number): string {
  return join(dir, String(id).padStart(12, '0') + SUFFIX)
}

/** The segment files in `dir`, oldest (lowest id) first. */
export function listSegments (dir: string): { id: number, path: string }[] {
  const found: { id: number, path: string }[] = []
  for (const name of readdirSync(dir)) {
    const match = NAME.exec(name)
    if (match === null) continue
    found.push({ id: Number(match[1]), path: join(dir, name) })
  }
  return found.sort((a, b) => a.id - b.id)
}

import { setImmediate as nextTurn } from 'node:timers/promises'
import snappy from 'snappyjs'

// snappy works on 64 KiB fragments: compressing that much at a time keeps
// each step well under a millisecond.
const CHUNK_BYTES = 64 * 1024

/**
 * Compresses to the snappy block format, the only one Loki reads (the
 * framed format is refused with `snappy: corrupt input`). A large body is
 * compressed a chunk at a time with a turn of the event loop in between,
 * so that a 1 MiB batch never holds the application's loop for long.
 * Chunks compressed on their own join into one valid block: their copies
 * only point back inside themselves, and one length header leads.
 */
export async function compressSnappyBlock (input: Uint8Array):
  Promise<Uint8Array> {
  if (input.length <= CHUNK_BYTES) return snappy.compress(input)
  const header = lengthHeader(input.length)
  const parts: Uint8Array[] = [header]
  let total = header.length
  for (let at = 0; at < input.length; at += CHUNK_BYTES) {
    if (at > 0) await nextTurn()
    const chunk = snappy.compress(input.subarray(at, at + CHUNK_BYTES))
    const body = chunk.subarray(headerLength(chunk))
    parts.push(body)
    total += body.length
  }
  return Buffer.concat(parts, total)
}

function lengthHeader (length: number): Uint8Array {
  const bytes: number[] = []
  while (length >= 0x80) {
    bytes.push((length & 0x7f) | 0x80)
    length >>>= 7
  }
  bytes.push(length)
  return Uint8Array.from(bytes)
}

function headerLength (block: Uint8Array): number {
  let at = 0
  while (((block[at] ?? 0) & 0x80) !== 0) at++
  return at + 1
}

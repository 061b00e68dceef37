import { setImmediate as nextTurn } from 'node:timers/promises'
import { ScratchBuffer } from './scratch-buffer.js'
import { writeBlockLength } from './snappy-elements.js'
import { compressFragment, FRAGMENT_BYTES } from './snappy-fragment.js'

// Where blocks are compressed before they are copied out at their size.
const outputs = new ScratchBuffer()

/**
 * Compresses to the snappy block format, the only one Loki reads (the
 * framed format is refused with `snappy: corrupt input`). The input is
 * compressed one 64 KiB fragment at a time, each well under a millisecond,
 * with a turn of the event loop in between, so that a 1 MiB batch never
 * holds the application's loop for long. All fragments are written into
 * one buffer sized for the worst case, behind one length header: a buffer
 * kept from one block to the next.
 */
export async function compressSnappyBlock (input: Uint8Array):
  Promise<Uint8Array> {
  const output = outputs.take(maxCompressedBytes(input.length))
  try {
    let at = writeBlockLength(output, input.length)
    for (let from = 0; from < input.length; from += FRAGMENT_BYTES) {
      if (from > 0) await nextTurn()
      const to = Math.min(from + FRAGMENT_BYTES, input.length)
      at = compressFragment(input, from, to, output, at)
    }
    // A copy of the exact size: a body can wait through retries, and the
    // worst-case buffer is several times the size of compressed logs.
    return Buffer.from(output.subarray(0, at))
  } finally {
    outputs.give(output)
  }
}

/**
 * The largest block snappy can make of `length` bytes, Snappy's own
 * bound: the input, a sixth more for the worst mix of short literals and
 * copies, and 32 bytes for the header and the last tags.
 */
export function maxCompressedBytes (length: number): number {
  return 32 + length + Math.floor(length / 6)
}

// A decompressor for the snappy block format, the only compression Loki
// reads for protobuf pushes. It is written here, not imported, so that the
// receiver stays an independent check on the encoders it tests.

/** The message Loki answers for any body it cannot decode as a block. */
export const SNAPPY_CORRUPT = 'snappy: corrupt input'

/** Thrown when the declared length is over the caller's limit. */
export class SnappyTooLargeError extends Error {
  constructor (readonly decodedBytes: number) {
    super(`snappy: decoded length ${decodedBytes} is over the limit`)
    this.name = 'SnappyTooLargeError'
  }
}

// Below this length a byte loop beats the setup cost of a native copy.
// Log lines make most literals short, and most copies longer.
const SHORT = 16

/**
 * Decodes one snappy block: a varint of the uncompressed length, then
 * literals and back-references. Throws `Error('snappy: corrupt input')` on
 * anything malformed, which includes the framed (stream) format.
 *
 * @param maxDecodedBytes - refuse blocks that declare more (0 = no limit)
 */
export function decompressSnappyBlock (
  block: Uint8Array,
  maxDecodedBytes = 0
): Buffer {
  const { value: length, next } = readLength(block)
  if (maxDecodedBytes > 0 && length > maxDecodedBytes) {
    throw new SnappyTooLargeError(length)
  }

  // Every byte is written before the output is returned (a block that
  // leaves a gap is corrupt), so no stale memory can leak out of it.
  const out = Buffer.allocUnsafe(length)
  if (decodeElements(block, next, out) !== length) corrupt()
  return out
}

/**
 * Decodes the elements of a block from `at` into `out`; returns how many
 * bytes they wrote. The loop has a function of its own, which returns as
 * soon as it ends: code compiled while it runs (on-stack replacement)
 * then holds no check that has not run yet, and is not thrown away at
 * the end of every block.
 */
function decodeElements (block: Uint8Array, at: number, out: Buffer):
  number {
  let written = 0
  while (at < block.length) {
    const tag = block[at++] as number
    const kind = tag & 3
    if (kind === 0) {
      // A literal; lengths 61..64 say the length minus one follows in
      // 1..4 little-endian bytes.
      let size = (tag >>> 2) + 1
      if (size > 60) {
        const bytes = size - 60
        size = littleEndian(block, at, bytes) + 1
        at += bytes
      }
      if (at + size > block.length) corrupt()
      written = writeLiteral(out, written, block, at, size)
      at += size
    } else if (kind === 1) {
      // A copy with 3 bits of length and 11 bits of offset.
      const offset = ((tag >>> 5) << 8) | littleEndian(block, at, 1)
      written = writeCopy(out, written, offset, ((tag >>> 2) & 7) + 4)
      at += 1
    } else {
      // A copy with 6 bits of length and 2 or 4 bytes of offset.
      const bytes = kind === 2 ? 2 : 4
      const offset = littleEndian(block, at, bytes)
      written = writeCopy(out, written, offset, (tag >>> 2) + 1)
      at += bytes
    }
  }
  return written
}

function writeLiteral (
  out: Uint8Array,
  written: number,
  block: Uint8Array,
  at: number,
  size: number
): number {
  if (written + size > out.length) corrupt()
  if (size < SHORT) {
    for (let i = 0; i < size; i++) out[written + i] = block[at + i] as number
  } else {
    out.set(block.subarray(at, at + size), written)
  }
  return written + size
}

function writeCopy (
  out: Uint8Array,
  written: number,
  offset: number,
  size: number
): number {
  if (offset === 0 || offset > written) corrupt()
  if (written + size > out.length) corrupt()

  const from = written - offset
  if (offset >= size && size >= SHORT) {
    out.copyWithin(written, from, from + size)
  } else {
    // Byte by byte, an overlapping copy repeats the bytes it produces, as
    // the format means it to.
    for (let i = 0; i < size; i++) out[written + i] = out[from + i] as number
  }
  return written + size
}

function littleEndian (block: Uint8Array, at: number, bytes: number): number {
  if (at + bytes > block.length) corrupt()
  let value = 0
  for (let i = at + bytes - 1; i >= at; i--) {
    value = value * 256 + (block[i] as number)
  }
  return value
}

function corrupt (): never {
  throw new Error(SNAPPY_CORRUPT)
}

function readLength (block: Uint8Array): { value: number, next: number } {
  let value = 0
  // Five bytes hold the 32 bits snappy allows for the length.
  for (let i = 0; i < 5; i++) {
    const byte = block[i]
    if (byte === undefined) corrupt()
    value += (byte & 0x7f) * 2 ** (7 * i)
    if ((byte & 0x80) === 0) {
      if (value > 0xffffffff) corrupt()
      return { value, next: i + 1 }
    }
  }
  return corrupt()
}

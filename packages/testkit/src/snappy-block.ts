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
): Uint8Array {
  const { value: length, next } = readLength(block)
  if (maxDecodedBytes > 0 && length > maxDecodedBytes) {
    throw new SnappyTooLargeError(length)
  }

  const out = new Uint8Array(length)
  let at = next
  let written = 0
  while (at < block.length) {
    const tag = block[at++] as number
    const kind = tag & 3
    if (kind === 0) {
      const literal = literalLength(block, tag, at)
      at = literal.next
      if (at + literal.length > block.length) corrupt()
      if (written + literal.length > length) corrupt()
      out.set(block.subarray(at, at + literal.length), written)
      at += literal.length
      written += literal.length
    } else {
      const copy = copySpec(block, tag, kind, at)
      at = copy.next
      if (copy.offset === 0 || copy.offset > written) corrupt()
      if (written + copy.length > length) corrupt()
      const from = written - copy.offset
      if (copy.offset >= copy.length) {
        out.copyWithin(written, from, from + copy.length)
      } else {
        // An overlapping copy repeats the bytes it is producing, so it
        // must go byte by byte.
        for (let i = 0; i < copy.length; i++) {
          out[written + i] = out[from + i] as number
        }
      }
      written += copy.length
    }
  }

  if (written !== length) corrupt()
  return out
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

function literalLength (
  block: Uint8Array,
  tag: number,
  at: number
): { length: number, next: number } {
  const short = tag >>> 2
  if (short < 60) return { length: short + 1, next: at }

  // 60..63: the length minus one follows in 1..4 little-endian bytes.
  const size = short - 59
  if (at + size > block.length) corrupt()
  let length = 0
  for (let i = 0; i < size; i++) {
    length += (block[at + i] as number) * 2 ** (8 * i)
  }
  return { length: length + 1, next: at + size }
}

function copySpec (
  block: Uint8Array,
  tag: number,
  kind: number,
  at: number
): { length: number, offset: number, next: number } {
  if (kind === 1) {
    if (at + 1 > block.length) corrupt()
    const offset = ((tag >>> 5) << 8) | (block[at] as number)
    return { length: ((tag >>> 2) & 7) + 4, offset, next: at + 1 }
  }

  const size = kind === 2 ? 2 : 4
  if (at + size > block.length) corrupt()
  let offset = 0
  for (let i = 0; i < size; i++) {
    offset += (block[at + i] as number) * 2 ** (8 * i)
  }
  return { length: (tag >>> 2) + 1, offset, next: at + size }
}

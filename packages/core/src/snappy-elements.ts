// The two kinds of element a snappy block is made of, written into a
// buffer the caller has sized for the worst case: a literal (bytes
// carried as they are) and a copy (bytes repeated from earlier output).

// Below this many bytes a literal is copied byte by byte: a subarray and
// a native `set()` cost more than they save on short runs.
const SHORT_LITERAL_BYTES = 32

// A copy element carries at most 64 bytes; a 1-byte-offset copy carries
// 4 to 11 bytes from at most 2047 bytes back.
const MAX_COPY_BYTES = 64
const MAX_SHORT_COPY_BYTES = 11
const MAX_SHORT_COPY_OFFSET = 2047

const TAG_LITERAL = 0
const TAG_COPY_1 = 1
const TAG_COPY_2 = 2
// Literal lengths minus one up to 59 fit in the tag; 60 and 61 say that
// one or two length bytes follow.
const LITERAL_IN_TAG = 60
const LITERAL_1_BYTE = 60
const LITERAL_2_BYTES = 61

/**
 * Writes `input[from..to)` as one literal element at `output[at]` and
 * returns the position after it. The literal must be 1 to 65,536 bytes
 * long, which is all a 64 KiB fragment can need.
 */
export function writeLiteral (
  input: Uint8Array, from: number, to: number,
  output: Uint8Array, at: number,
): number {
  const lengthLess1 = to - from - 1
  if (lengthLess1 < LITERAL_IN_TAG) {
    output[at++] = TAG_LITERAL | (lengthLess1 << 2)
  } else if (lengthLess1 < 0x100) {
    output[at++] = TAG_LITERAL | (LITERAL_1_BYTE << 2)
    output[at++] = lengthLess1
  } else {
    output[at++] = TAG_LITERAL | (LITERAL_2_BYTES << 2)
    output[at++] = lengthLess1 & 0xff
    output[at++] = lengthLess1 >>> 8
  }

  if (lengthLess1 < SHORT_LITERAL_BYTES) {
    for (let i = from; i < to; i++) output[at++] = input[i] as number
    return at
  }
  output.set(input.subarray(from, to), at)
  return at + lengthLess1 + 1
}

/**
 * Writes a copy of `length` (at least 4) bytes from `offset` (1 to 65,535)
 * bytes back, as as many copy elements as it takes, and returns the
 * position after them.
 */
export function writeCopy (
  output: Uint8Array, at: number, offset: number, length: number,
): number {
  // Long copies go out 64 bytes at a time, keeping at least 4 (the
  // shortest copy) for the last element. One loop for both sizes: a
  // branch of its own for the rare 65 to 67 bytes would be code that the
  // optimizing compiler has never seen run, and throws away when it does.
  while (length > MAX_COPY_BYTES) {
    const part = length - MAX_COPY_BYTES >= 4
      ? MAX_COPY_BYTES
      : MAX_COPY_BYTES - 4
    at = writeCopy2(output, at, offset, part)
    length -= part
  }

  if (length <= MAX_SHORT_COPY_BYTES && offset <= MAX_SHORT_COPY_OFFSET) {
    output[at++] = TAG_COPY_1 | ((length - 4) << 2) | ((offset >>> 8) << 5)
    output[at++] = offset & 0xff
    return at
  }
  return writeCopy2(output, at, offset, length)
}

function writeCopy2 (
  output: Uint8Array, at: number, offset: number, length: number,
): number {
  output[at++] = TAG_COPY_2 | ((length - 1) << 2)
  output[at++] = offset & 0xff
  output[at++] = offset >>> 8
  return at
}

/**
 * Writes the block's header, the uncompressed length as a varint, and
 * returns the position after it.
 */
export function writeBlockLength (
  output: Uint8Array, length: number,
): number {
  let at = 0
  while (length >= 0x80) {
    output[at++] = (length & 0x7f) | 0x80
    length >>>= 7
  }
  output[at++] = length
  return at
}

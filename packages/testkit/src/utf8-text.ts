// Whether two byte ranges are the same text once decoded as UTF-8 with
// invalid bytes replaced, as Loki's stored strings compare, mostly
// without decoding them.
import { isUtf8 } from 'node:buffer'

/** Ranges shorter than this are compared byte by byte in JavaScript. */
const SHORT_BYTES = 64

/**
 * True when `a[aStart, aStart + aLength)` and `b[bStart, bStart +
 * bLength)` decode to the same string.
 */
export function sameText (
  a: Buffer,
  aStart: number,
  aLength: number,
  b: Buffer,
  bStart: number,
  bLength: number
): boolean {
  if (sameBytes(a, aStart, aLength, b, bStart, bLength)) return true

  // Different bytes can decode alike only through replaced bytes: 0xff
  // and the three bytes of U+FFFD are both "\ufffd". Where the ranges
  // first differ by an ASCII byte or by ending, the strings differ too:
  // the decoder has made the same characters of the same bytes so far,
  // and an ASCII byte is always a character of its own.
  const shorter = Math.min(aLength, bLength)
  let at = 0
  while (at < shorter && a[aStart + at] === b[bStart + at]) at++
  if (isAsciiOrEnd(a, aStart, aLength, at) &&
    isAsciiOrEnd(b, bStart, bLength, at)) {
    return false
  }
  return a.toString('utf8', aStart, aStart + aLength) ===
    b.toString('utf8', bStart, bStart + bLength)
}

function isAsciiOrEnd (
  bytes: Buffer,
  start: number,
  length: number,
  at: number
): boolean {
  return at === length || (bytes[start + at] as number) < 0x80
}

/** True when the two byte ranges hold the same bytes. */
export function sameBytes (
  a: Buffer,
  aStart: number,
  aLength: number,
  b: Buffer,
  bStart: number,
  bLength: number
): boolean {
  if (aLength !== bLength) return false
  // A native compare costs as much as a loop over some 100 bytes; most
  // metadata names and values are much shorter.
  if (aLength >= SHORT_BYTES) {
    return a.compare(b, bStart, bStart + bLength, aStart, aStart + aLength) === 0
  }
  for (let i = 0; i < aLength; i++) {
    if (a[aStart + i] !== b[bStart + i]) return false
  }
  return true
}

/**
 * A 32-bit hash of the string a byte range decodes to, never 0: equal
 * strings have equal fingerprints, so unequal fingerprints rule a pair
 * out without comparing it.
 */
export function textFingerprint (
  bytes: Buffer,
  start: number,
  length: number
): number {
  const end = start + length
  let hash = Math.imul(0x811c9dc5 ^ length, 0x01000193)
  let high = 0
  let at = start
  // Four bytes a step: a line is hashed in about the time of one native
  // compare of it.
  for (; at + 4 <= end; at += 4) {
    const word = (bytes[at] as number) | (bytes[at + 1] as number) << 8 |
      (bytes[at + 2] as number) << 16 | (bytes[at + 3] as number) << 24
    high |= word
    hash = Math.imul(hash ^ word, 0x5bd1e995)
    hash ^= hash >>> 15
  }
  for (; at < end; at++) {
    high |= bytes[at] as number
    hash = Math.imul(hash ^ (bytes[at] as number), 0x01000193)
  }

  // Invalid UTF-8 is hashed as the string's own bytes, so that bytes that
  // decode alike hash alike.
  if ((high & 0x80808080) !== 0 && !isUtf8(bytes.subarray(start, end))) {
    const text = Buffer.from(bytes.toString('utf8', start, end))
    return textFingerprint(text, 0, text.length)
  }
  return (hash >>> 0) || 1
}

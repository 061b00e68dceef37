// Text for long lines that compresses about as well as real payloads do
// (not a run of one character, which any compressor makes vanish):
// base-64-like characters from a fixed pseudo-random sequence.
const ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/ '
const POOL_CHARS = 1 << 16

function pool () {
  let seed = 0x2545f491
  let text = ''
  for (let i = 0; i < POOL_CHARS; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    text += ALPHABET[seed >>> 26]
  }
  return text
}

const POOL = pool()

/** `chars` characters of filler, varying with `i`. */
export function filler (i, chars) {
  const start = (i * 997) % (POOL_CHARS - chars)
  return POOL.slice(start, start + chars)
}

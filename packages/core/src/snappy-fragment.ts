import { writeCopy, writeLiteral } from './snappy-elements.js'

/**
 * The most input compressed in one step. Offsets inside a fragment fit in
 * 16 bits, so the hash table holds `Uint16Array` positions and every copy
 * is a 2- or 3-byte element.
 */
export const FRAGMENT_BYTES = 64 * 1024

// Positions of recently seen 4-byte sequences, by hash, shared by all
// calls (each clears what it uses). 16 Ki entries (32 KiB) fit the L1
// cache; on request logs twice as many made blocks 0.6 % smaller.
const MAX_TABLE_BITS = 14
const MIN_TABLE_BITS = 8
const table = new Uint16Array(1 << MAX_TABLE_BITS)

// No match search starts in the last bytes of a fragment, so that every
// 4-byte read while searching stays inside it; they end as a literal.
const INPUT_MARGIN_BYTES = 15

// The multiplier of Snappy's own hash of four bytes.
const HASH_MULTIPLIER = 0x1e35a7bd

// After 32 positions without a match the search steps 2 bytes at a time,
// after 64 more 3, and so on: incompressible input is passed over fast.
const SKIP_SHIFT = 5

/**
 * Compresses `input[start..end)` (at most {@link FRAGMENT_BYTES}) as
 * snappy elements written at `output[at]`, and returns the position after
 * them. Copies point only inside the fragment, so fragments compressed one
 * after another form one valid block. `output` must have room for the
 * worst case (see `maxCompressedBytes`).
 */
export function compressFragment (
  input: Uint8Array, start: number, end: number,
  output: Uint8Array, at: number,
): number {
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength)
  let pending = start
  if (end - start >= INPUT_MARGIN_BYTES) {
    const shift = 32 - tableBits(end - start)
    table.fill(0, 0, 1 << (32 - shift))
    const limit = end - INPUT_MARGIN_BYTES
    let ip = start + 1
    // The four bytes at the next position to look at, and their hash:
    // each position is read once while searching.
    let nextBytes = load32(view, ip)
    let nextHash = hash(nextBytes, shift)

    // Every way out of the search leads to the one call of writeTail
    // below: a call site the optimizing compiler has seen run, so that
    // reaching the end of a fragment never throws its code away.
    search: for (;;) {
      // Look for a 4-byte sequence seen before, stepping faster the
      // longer nothing is found.
      let skip = 32
      let next = ip
      let bytes: number
      let candidate: number
      do {
        ip = next
        bytes = nextBytes
        const hashed = nextHash
        next = ip + (skip++ >>> SKIP_SHIFT)
        if (next > limit) break search
        nextBytes = load32(view, next)
        nextHash = hash(nextBytes, shift)
        candidate = start + (table[hashed] as number)
        table[hashed] = ip - start
      } while (bytes !== load32(view, candidate))
      at = writeLiteral(input, pending, ip, output, at)

      // Emit copies for as long as the position after one starts another.
      do {
        const length =
          4 + matchLength(input, view, candidate + 4, ip + 4, end)
        at = writeCopy(output, at, ip - candidate, length)
        ip += length
        pending = ip
        if (ip >= limit) break search
        table[hash(load32(view, ip - 1), shift)] = ip - 1 - start
        bytes = load32(view, ip)
        const hashed = hash(bytes, shift)
        candidate = start + (table[hashed] as number)
        table[hashed] = ip - start
      } while (bytes === load32(view, candidate))

      nextBytes = load32(view, ++ip)
      nextHash = hash(nextBytes, shift)
    }
  }
  return writeTail(input, pending, end, output, at)
}

function writeTail (
  input: Uint8Array, pending: number, end: number,
  output: Uint8Array, at: number,
): number {
  return pending < end ? writeLiteral(input, pending, end, output, at) : at
}

/** Bits of the table for a fragment: about one entry per byte. */
function tableBits (length: number): number {
  const bits = 31 - Math.clz32(length)
  return Math.max(MIN_TABLE_BITS, Math.min(MAX_TABLE_BITS, bits))
}

function hash (value: number, shift: number): number {
  return Math.imul(value, HASH_MULTIPLIER) >>> shift
}

/**
 * Four bytes as one little-endian 32-bit integer (signed). V8 compiles a
 * DataView read to one load; joining four byte reads instead made the
 * whole compressor half as fast on Node 20.
 */
function load32 (view: DataView, at: number): number {
  return view.getInt32(at, true)
}

/**
 * How many bytes at `from` equal those at `earlier`, reading up to `end`:
 * four at a time, then the first differing byte found from the lowest set
 * bit of their difference.
 */
function matchLength (
  input: Uint8Array, view: DataView, earlier: number, from: number,
  end: number,
): number {
  let length = 0
  while (from + length + 4 <= end) {
    const difference = load32(view, from + length) ^
      load32(view, earlier + length)
    if (difference !== 0) {
      return length + ((31 - Math.clz32(difference & -difference)) >>> 3)
    }
    length += 4
  }
  while (from + length < end &&
    input[from + length] === input[earlier + length]) length++
  return length
}

import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import fc from 'fast-check'
import snappy from 'snappyjs'
import {
  compressSnappyBlock, maxCompressedBytes,
} from '../dist/esm/snappy-block.js'
import {
  decompressSnappyBlock,
} from '../../testkit/dist/esm/snappy-block.js'

// Every block is checked by two decoders written independently of the
// compressor: the testkit's (the one the test receiver uses) and snappyjs.
async function assertRoundTrip (input, what = `${input.length} bytes`) {
  const block = await compressSnappyBlock(input)
  assert.ok(block.length <= maxCompressedBytes(input.length), what)
  assert.deepEqual(Buffer.from(decompressSnappyBlock(block)),
    Buffer.from(input), `${what}, testkit decoder`)
  assert.deepEqual(Buffer.from(snappy.uncompress(block)),
    Buffer.from(input), `${what}, snappyjs`)
  return block
}

// Text that repeats with variations, as log lines do.
function logText (bytes) {
  let text = ''
  for (let i = 0; text.length < bytes; i++) {
    text += `{"level":30,"time":${1733250000000 + i},"req":{"id":"req-${i}",` +
      `"url":"/api/items/${i % 97}"},"msg":"request completed"}\n`
  }
  return Buffer.from(text.slice(0, bytes))
}

test('compressSnappyBlock() round-trips the empty input and 1 byte',
  async () => {
    const empty = await assertRoundTrip(new Uint8Array(0))
    assert.deepEqual([...empty], [0])
    await assertRoundTrip(Uint8Array.of(0x2a))
  })

test('compressSnappyBlock() round-trips sizes around the 15-byte margin',
  async () => {
    for (let size = 2; size <= 20; size++) {
      await assertRoundTrip(logText(size))
      await assertRoundTrip(Buffer.alloc(size, 0x61), `${size} × "a"`)
    }
  })

test('compressSnappyBlock() round-trips sizes around 64 KiB fragments',
  async () => {
    for (const size of [65_535, 65_536, 65_537, 131_071, 131_072, 131_073]) {
      await assertRoundTrip(logText(size))
      await assertRoundTrip(randomBytes(size), `${size} random bytes`)
    }
  })

test('compressSnappyBlock() round-trips multi-fragment bodies of 1 MiB+',
  async () => {
    const block = await assertRoundTrip(logText(1_048_576 + 3))
    // Log lines compress well; the block is a fraction of its input.
    assert.ok(block.length < 1_048_576 / 3)
    await assertRoundTrip(randomBytes(1_100_000), '1.1 MB random bytes')
  })

test('compressSnappyBlock() round-trips a subarray of a larger buffer',
  async () => {
    const whole = logText(200_000)
    await assertRoundTrip(whole.subarray(12_345, 150_000), 'a subarray')
  })

// Random bytes without 0x00 and 0xff, the same every run.
function pattern (length, seed) {
  const bytes = new Uint8Array(length)
  for (let i = 0; i < length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    bytes[i] = 1 + (seed >>> 24) % 254
  }
  return bytes
}

test('copies and literals at the edges of each element kind round-trip',
  async () => {
    // A pattern, zeros, the pattern again `offset` bytes after its first
    // start, then 0xff: one copy of exactly that length and offset.
    for (const offset of [2047, 2048, 2049, 30_000, 65_000]) {
      for (const length of [4, 5, 11, 12, 60, 64, 65, 67, 68, 69, 200]) {
        const repeated = pattern(length, offset + length)
        const input = Buffer.alloc(100 + offset + length + 100)
        input.set(repeated, 100)
        input.set(repeated, 100 + offset)
        input.fill(0xff, 100 + offset + length)
        await assertRoundTrip(input, `copy of ${length} from ${offset} back`)
      }
    }
    // Incompressible input is one literal; these lengths change its tag.
    for (const length of [59, 60, 61, 62, 255, 256, 257, 258, 65_536]) {
      await assertRoundTrip(pattern(length, length), `literal of ${length}`)
    }
  })

test('a long run of one byte compresses to about 3 bytes in 64', async () => {
  for (const size of [100, 70_000, 1_048_576]) {
    const block = await assertRoundTrip(Buffer.alloc(size, 0x20),
      `${size} spaces`)
    assert.ok(block.length <= 16 + size / 20, `${size}: ${block.length}`)
  }
})

test('incompressible input grows by a few bytes a fragment at most',
  async () => {
    const input = randomBytes(300_000)
    const block = await assertRoundTrip(input)
    const fragments = Math.ceil(input.length / 65_536)
    assert.ok(block.length <= input.length + 5 + 3 * fragments,
      `${block.length} bytes`)
  })

test('log text compresses as well as snappyjs compresses it', async () => {
  for (const size of [500, 60_000, 400_000]) {
    const input = logText(size)
    const block = await compressSnappyBlock(input)
    const reference = snappy.compress(input)
    assert.ok(block.length <= reference.length * 1.02,
      `${size}: ${block.length} > ${reference.length}`)
  }
})

test('compressSnappyBlock() lets the event loop turn between fragments',
  async () => {
    let turns = 0
    let done = false
    const tick = () => {
      turns++
      if (!done) setImmediate(tick)
    }
    setImmediate(tick)
    await compressSnappyBlock(logText(1_048_576))
    done = true
    // 16 fragments, a turn between each two.
    assert.ok(turns >= 8, `${turns} turns`)
  })

// Inputs built from pieces that give the compressor work of every kind:
// fresh bytes, copies of what came before (near and far), and runs.
// About one input in seven spans two fragments or more.
const piece = fc.oneof(
  fc.record({ bytes: fc.uint8Array({ maxLength: 40, size: 'max' }) }),
  fc.record({ back: fc.nat(70_000), length: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ run: fc.nat(255), length: fc.integer({ min: 1, max: 3000 }) }),
)

function build (pieces) {
  const out = []
  for (const p of pieces) {
    if (p.bytes !== undefined) {
      out.push(...p.bytes)
    } else if (p.back !== undefined) {
      const from = Math.max(0, out.length - 1 - (p.back % (out.length || 1)))
      for (let i = 0; i < p.length && out.length > 0; i++) {
        out.push(out[from + i])
      }
    } else {
      for (let i = 0; i < p.length; i++) out.push(p.run)
    }
  }
  return Uint8Array.from(out)
}

test('compressSnappyBlock() round-trips random inputs (property)',
  async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(piece, { maxLength: 150, size: 'max' }),
      async (pieces) => { await assertRoundTrip(build(pieces)) },
    ), { numRuns: 300 })
  })

test('compressSnappyBlock() round-trips random bytes (property)', async () => {
  await fc.assert(fc.asyncProperty(
    fc.uint8Array({ maxLength: 2000 }),
    async (input) => { await assertRoundTrip(input) },
  ), { numRuns: 300 })
})

test('blocks compressed at the same time, each in turns of the event ' +
  'loop, are each the block of their own input', async () => {
  const inputs = [logText(300_000), randomBytes(200_000), logText(70_000)]
  const blocks = await Promise.all(inputs.map((input) =>
    compressSnappyBlock(input)))
  for (const [i, block] of blocks.entries()) {
    assert.deepEqual(Buffer.from(decompressSnappyBlock(block)), inputs[i])
  }
  // One at a time afterwards, in the memory the first of them used.
  assert.deepEqual(await compressSnappyBlock(inputs[0]), blocks[0])
})

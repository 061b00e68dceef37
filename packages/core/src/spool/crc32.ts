// The reflected CRC-32 of zlib, PNG and gzip (polynomial 0xEDB88320), a
// byte at a time from a 256-entry table. Node 20 has no `zlib.crc32`.
const TABLE = new Int32Array(256)
for (let n = 0; n < 256; n++) {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  TABLE[n] = c
}

/** CRC-32 of `bytes[start, end)`, as an unsigned 32-bit integer. */
export function crc32 (bytes: Uint8Array, start: number, end: number): number {
  let crc = -1
  for (let i = start; i < end; i++) {
    crc = (TABLE[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8)
  }
  return (crc ^ -1) >>> 0
}

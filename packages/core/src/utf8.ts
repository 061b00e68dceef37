/**
 * Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character.
 * Returns `text` itself when it already fits.
 */
export function truncateUtf8 (text: string, maxBytes: number): string {
  // Each UTF-16 unit takes at most 3 bytes: most strings skip the count.
  if (text.length * 3 <= maxBytes) return text
  const bytes = Buffer.from(text, 'utf8')
  if (bytes.length <= maxBytes) return text
  let end = maxBytes
  // Step back over continuation bytes (10xxxxxx) to a character start.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--
  return bytes.toString('utf8', 0, end)
}

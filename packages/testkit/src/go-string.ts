// Go string literals, both ways: Loki reads label values with Go's
// unquoting rules and prints streams with Go's quoting, so the receiver
// does the same to be a faithful check on clients.

/** Thrown when a quoted value breaks Go's string literal rules. */
export class GoStringError extends Error {
  constructor (message: string, readonly position: number) {
    super(message)
    this.name = 'GoStringError'
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34,
}

const HEX_DIGITS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 }

const utf8 = new TextEncoder()
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Reads the Go double-quoted or back-quoted string that starts at
 * `text[at]`, and returns its value and the index after the closing quote.
 */
export function readGoString (
  text: string,
  at: number
): { value: string, next: number } {
  const quote = text[at]
  if (quote === '`') return readRawString(text, at)
  if (quote !== '"') throw new GoStringError('expected a quoted string', at)

  const bytes: number[] = []
  let i = at + 1
  while (i < text.length) {
    const char = text[i] as string
    if (char === '"') return { value: decodeUtf8(bytes, at), next: i + 1 }
    if (char === '\n') throw new GoStringError('newline in string', i)
    if (char === '\\') {
      i = readEscape(text, i + 1, bytes)
      continue
    }
    const codePoint = text.codePointAt(i) as number
    pushUtf8(bytes, codePoint, i)
    i += codePoint > 0xffff ? 2 : 1
  }
  throw new GoStringError('unterminated string', at)
}

function readRawString (
  text: string,
  at: number
): { value: string, next: number } {
  const end = text.indexOf('`', at + 1)
  if (end === -1) throw new GoStringError('unterminated raw string', at)
  // Go drops carriage returns from raw strings.
  return { value: text.slice(at + 1, end).replace(/\r/g, ''), next: end + 1 }
}

function readEscape (text: string, at: number, bytes: number[]): number {
  const char = text[at]
  if (char === undefined) throw new GoStringError('unterminated string', at)

  const simple = SIMPLE_ESCAPES[char]
  if (simple !== undefined) {
    bytes.push(simple)
    return at + 1
  }

  if (char >= '0' && char <= '7') {
    const digits = text.slice(at, at + 3)
    if (!/^[0-7]{3}$/.test(digits)) throw invalidEscape(at)
    const value = parseInt(digits, 8)
    if (value > 255) throw invalidEscape(at)
    bytes.push(value)
    return at + 3
  }

  const count = HEX_DIGITS[char]
  if (count === undefined) throw invalidEscape(at)
  const digits = text.slice(at + 1, at + 1 + count)
  if (digits.length !== count || !/^[0-9a-fA-F]+$/.test(digits)) {
    throw invalidEscape(at)
  }
  const value = parseInt(digits, 16)
  // \x is one raw byte; \u and \U are code points, which must be valid.
  if (char === 'x') bytes.push(value)
  else pushUtf8(bytes, value, at)
  return at + 1 + count
}

function invalidEscape (at: number): GoStringError {
  return new GoStringError('invalid escape sequence', at - 1)
}

function pushUtf8 (bytes: number[], codePoint: number, at: number): void {
  const surrogate = codePoint >= 0xd800 && codePoint <= 0xdfff
  if (surrogate || codePoint > 0x10ffff) {
    throw new GoStringError(
      `invalid code point U+${codePoint.toString(16).toUpperCase()}`,
      at
    )
  }
  for (const byte of utf8.encode(String.fromCodePoint(codePoint))) {
    bytes.push(byte)
  }
}

function decodeUtf8 (bytes: number[], at: number): string {
  try {
    return strictUtf8.decode(new Uint8Array(bytes))
  } catch {
    throw new GoStringError('string is not valid UTF-8', at)
  }
}

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and
// the ASCII space. Everything else is escaped by strconv.Quote.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u

const QUOTE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"', '\\': '\\\\', '\x07': '\\a', '\b': '\\b', '\f': '\\f',
  '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v',
}

// Printable ASCII but the quote and the backslash: as it is, quoted. Most
// label values are only that.
const PLAIN = /^[ !#-[\]-~]*$/

/** Quotes a value as Go's `strconv.Quote` does (as Loki prints labels). */
export function quoteGoString (value: string): string {
  if (PLAIN.test(value)) return `"${value}"`
  let out = '"'
  for (const char of value) {
    out += quoteChar(char)
  }
  return out + '"'
}

function quoteChar (char: string): string {
  const escape = QUOTE_ESCAPES[char]
  if (escape !== undefined) return escape
  if (PRINTABLE.test(char)) return char

  const codePoint = char.codePointAt(0) as number
  if (codePoint < 0x20 || codePoint === 0x7f) return '\\x' + hex(codePoint, 2)
  // A lone surrogate cannot be valid UTF-8; Go would print U+FFFD.
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return '\\ufffd'
  if (codePoint < 0x10000) return '\\u' + hex(codePoint, 4)
  return '\\U' + hex(codePoint, 8)
}

function hex (value: number, width: number): string {
  return value.toString(16).padStart(width, '0')
}

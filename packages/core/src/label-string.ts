import { truncateUtf8 } from './utf8.js'

const INVALID_NAME_CHARS = /[^a-zA-Z0-9_]/g
const VALID_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/**
 * Makes any key a label name Loki accepts: characters outside
 * `[a-zA-Z0-9_]` become `_`, a leading digit gets a `_` prefix, and the
 * reserved `__` prefix is cut to one underscore.
 */
export function sanitizeLabelName (name: string, maxBytes: number): string {
  let clean = VALID_NAME.test(name)
    ? name
    : name.replace(INVALID_NAME_CHARS, '_')
  if (clean === '') clean = '_'
  else if (clean.charCodeAt(0) >= 48 && clean.charCodeAt(0) <= 57) {
    clean = '_' + clean
  }
  if (clean.startsWith('__')) clean = '_' + clean.replace(/^_+/, '')
  // Names are ASCII by now: one byte a character.
  return clean.length > maxBytes ? clean.slice(0, maxBytes) : clean
}

/**
 * Quotes a label value as Loki's label parser reads it. JSON string syntax
 * is a subset of the Go syntax Loki parses, once lone surrogates (which
 * Loki refuses) are replaced.
 */
export function quoteLabelValue (value: string): string {
  return JSON.stringify(value.isWellFormed() ? value : value.toWellFormed())
}

/** Cuts a label value to Loki's length limit, counting UTF-8 bytes. */
export function limitLabelValue (value: string, maxBytes: number): string {
  return truncateUtf8(value, maxBytes)
}

/**
 * Formats sorted name/value pairs as `{a="1", b="2"}`: the form Loki
 * expects in a push and prints in its answers.
 */
export function formatLabels (
  pairs: readonly (readonly [string, string])[],
): string {
  let text = '{'
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as readonly [string, string]
    if (i > 0) text += ', '
    text += pair[0] + '=' + quoteLabelValue(pair[1])
  }
  return text + '}'
}

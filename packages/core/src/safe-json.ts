/**
 * JSON of any value without throwing: circular references become
 * `"[Circular]"`, bigints become strings, and a value that still cannot be
 * serialized (a throwing getter or `toJSON`) becomes a description.
 */
export function safeJson (value: unknown): string {
  try {
    return JSON.stringify(value, replacer()) ?? String(value)
  } catch (error) {
    return `[unserializable: ${(error as Error)?.message ?? 'unknown'}]`
  }
}

function replacer (): (this: unknown, key: string, value: unknown) => unknown {
  const ancestors: unknown[] = []
  return function (this: unknown, _key, value) {
    if (typeof value === 'bigint') return value.toString()
    if (value === null || typeof value !== 'object') return value
    // `this` is the object holding `value`: unwind to it, then check for a
    // cycle among what remains above.
    while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop()
    if (ancestors.includes(value)) return '[Circular]'
    ancestors.push(value)
    return value
  }
}

/** A label or metadata value as a string; undefined for nothing to send. */
export function valueToString (value: unknown): string | undefined {
  switch (typeof value) {
    case 'string': return value
    case 'number':
    case 'boolean':
    case 'bigint': return String(value)
    case 'object': return value === null ? undefined : safeJson(value)
    default: return undefined
  }
}

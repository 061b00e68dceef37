// Typed-array columns grow by doubling, copying what they hold.

/** A copy of `column` twice as long. */
export function grownFloat64 (column: Float64Array): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(column.length * 2)
  grown.set(column)
  return grown
}

/** A copy of `column` twice as long. */
export function grownUint32 (column: Uint32Array): Uint32Array<ArrayBuffer> {
  const grown = new Uint32Array(column.length * 2)
  grown.set(column)
  return grown
}

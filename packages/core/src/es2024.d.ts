// ES2024 additions present in Node 20 (V8 11) but not in the ES2023
// library this package compiles against.
interface String {
  isWellFormed(): boolean
  toWellFormed(): string
}

interface Atomics {
  waitAsync(typedArray: Int32Array, index: number, value: number,
    timeout?: number):
    | { async: false, value: 'not-equal' | 'timed-out' }
    | { async: true, value: Promise<'ok' | 'timed-out'> }
}

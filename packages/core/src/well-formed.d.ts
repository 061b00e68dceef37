// ES2024 string methods, present in Node 20 (V8 11) but not in the ES2023
// library this package compiles against.
interface String {
  isWellFormed(): boolean
  toWellFormed(): string
}

// Lines a contender's process prints around its measured part when the
// runner asks for them (`--jit`), so that traces can be cut to it.
export const MEASURING = 'lokits-bench: measuring'
export const MEASURED = 'lokits-bench: measured'

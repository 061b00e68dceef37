// One time base for every process of a run: the logger's child and the
// receiver stamp events on it, so "first log call" and "last entry stored"
// can be compared across processes. Milliseconds since the epoch, with the
// sub-millisecond precision of the monotonic clock.
export function epochMs () {
  return performance.timeOrigin + performance.now()
}

import type { StreamLabels } from './stream-labels.js'
import { isAfter, type Instant } from './timestamp.js'

// Entries within this distance behind a stream's newest timestamp are
// taken to be the same instant seen through a millisecond clock.
const SAME_INSTANT_NS = 1_000_000

/**
 * Moves `at` just past the stream's newest timestamp when it is not after
 * it but within a millisecond of it, then records it as the newest. Loki
 * keeps one entry per (stream, timestamp, line): without this, a line
 * logged twice in one millisecond is silently lost. Entries further back
 * (out of order on purpose) keep their time.
 */
export function makeUnique (stream: StreamLabels, at: Instant): void {
  const seconds = stream.newestSeconds
  const nanos = stream.newestNanos
  if (!isAfter(at.seconds, at.nanos, seconds, nanos)) {
    const behind = (seconds - at.seconds) * 1e9 + (nanos - at.nanos)
    if (behind >= SAME_INSTANT_NS) return
    at.seconds = seconds
    at.nanos = nanos + 1
    if (at.nanos === 1e9) {
      at.seconds++
      at.nanos = 0
    }
  }
  stream.newestSeconds = at.seconds
  stream.newestNanos = at.nanos
}

/**
 * Emitted on the transport stream with the client's `DropReport` (the
 * first drop after a quiet period at once, then one summary per
 * `dropReportIntervalMs`, and what is left when the transport closes).
 * When the transport runs in pino's worker thread, the event arrives on
 * the stream in the main thread.
 */
export const DROP_EVENT = 'lokits:drop'

/**
 * Emitted on the transport stream with the client's `LokiStats`: every
 * `statsIntervalMs`, and once more, final, when the client has closed.
 */
export const STATS_EVENT = 'lokits:stats'

/** Delivers an event to whoever listens on the transport stream. */
export type EmitEvent = (name: string, payload: unknown) => void

/**
 * A winston `info` object as a transport receives it: `level` and
 * `message`, the merged meta (`defaultMeta`, child logger meta, per-call
 * meta), whatever formats added, and triple-beam's symbol keys.
 */
export type WinstonInfo = Readonly<Record<string | symbol, unknown>>

// triple-beam's keys live in the global symbol registry: reading them needs
// no dependency on triple-beam.

/** The level as logged, never colourised (`info.level` may be). */
export const LEVEL: unique symbol = Symbol.for('level')

/** The line a winston format produced, when one did. */
export const MESSAGE: unique symbol = Symbol.for('message')

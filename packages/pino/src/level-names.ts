// pino's default levels, for records whose logger's configuration never
// reaches the transport (pipe mode).
const PINO_LEVELS: Readonly<Record<string, number>> = {
  trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60,
}

/** pino's `levels.labels`: level names by number (keys are digits). */
export type PinoLevelLabels = Readonly<Record<string, string>>

/** Turns a record's `level` into the level's name. */
export class LevelNames {
  readonly #names = new Map<number, string>()

  constructor (customLevels: Readonly<Record<string, number>>) {
    for (const [name, value] of Object.entries(PINO_LEVELS)) {
      this.#names.set(value, name)
    }
    for (const [name, value] of Object.entries(customLevels)) {
      this.#names.set(value, name)
    }
  }

  /** Adds the logger's own table, custom levels included, over ours. */
  usePinoLevels (labels: PinoLevelLabels): void {
    for (const [value, name] of Object.entries(labels)) {
      this.#names.set(Number(value), name)
    }
  }

  /**
   * The level's name: a number is looked up (an unknown one becomes its
   * digits); a string is already a name (pino's `formatters.level` can
   * write one).
   */
  name (level: unknown): string | undefined {
    if (typeof level === 'number') {
      return this.#names.get(level) ?? String(level)
    }
    return typeof level === 'string' && level !== '' ? level : undefined
  }
}

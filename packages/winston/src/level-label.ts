import { LEVEL, type WinstonInfo } from './winston-info.js'

// format.colorize() wraps `info.level` in these.
const COLOUR_CODES = /\u001b\[[0-9;]*m/g
// Levels come from the logger's level set; a bound keeps a caller that
// invents levels from growing the cache without end.
const MAX_CACHED_LEVELS = 256

/**
 * The level of an info as logged: `info[LEVEL]`, which winston sets before
 * any format runs, so colour codes never reach a label.
 */
export function levelOf (info: WinstonInfo): string | undefined {
  const level = info[LEVEL]
  if (typeof level === 'string') return level
  // An info written straight to the transport may lack the symbol.
  const shown = info['level']
  return typeof shown === 'string'
    ? shown.replace(COLOUR_CODES, '')
    : undefined
}

/**
 * One frozen labels object per level, so that an entry whose only label
 * is its level costs no allocation.
 */
export class LevelLabels {
  readonly #name: string
  readonly #byLevel = new Map<string, Readonly<Record<string, string>>>()
  // The level asked for last and its labels: entries in a row mostly
  // share their level.
  #lastLevel: string | undefined
  #lastLabels: Readonly<Record<string, string>> | undefined

  constructor (name: string) {
    this.#name = name
  }

  /** The labels of an entry at `level`. */
  labels (level: string): Readonly<Record<string, string>> {
    if (level === this.#lastLevel) {
      return this.#lastLabels as Readonly<Record<string, string>>
    }
    let labels = this.#byLevel.get(level)
    if (labels === undefined) {
      labels = Object.freeze({ [this.#name]: level })
      if (this.#byLevel.size < MAX_CACHED_LEVELS) {
        this.#byLevel.set(level, labels)
      }
    }
    this.#lastLevel = level
    this.#lastLabels = labels
    return labels
  }

  /** Sets the level label in an entry's own labels object. */
  addTo (labels: Record<string, unknown>, level: string): void {
    labels[this.#name] = level
  }
}

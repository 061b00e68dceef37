// Parses label strings such as `{app="api", env="prod"}` by Loki's rules:
// Go-quoted values, optional spaces, an optional trailing comma.
import { GoStringError, readGoString } from './go-string.js'
import type { LabelPair } from './push-request.js'

/** Thrown for a label string Loki could not parse. */
export class LabelParseError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'LabelParseError'
  }
}

const NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y
const SPACE = /[ \t\r\n]*/y

/**
 * Reads the name/value pairs of a label string in the order written. Names
 * are checked for shape only; the rules on names and values that apply to
 * every format live in `label-set.ts`.
 */
export function parseLabelString (text: string): LabelPair[] {
  const scanner = new Scanner(text)
  const pairs: LabelPair[] = []

  scanner.expect('{')
  if (!scanner.accept('}')) {
    do {
      if (scanner.peek() === '}') break // a trailing comma
      pairs.push(readPair(scanner))
    } while (scanner.accept(','))
    scanner.expect('}')
  }

  scanner.end()
  return pairs
}

function readPair (scanner: Scanner): LabelPair {
  const name = scanner.name()
  scanner.expect('=')
  const value = scanner.string()
  return { name, value }
}

class Scanner {
  private at = 0

  constructor (private readonly text: string) {}

  peek (): string | undefined {
    this.skipSpace()
    return this.text[this.at]
  }

  accept (char: string): boolean {
    if (this.peek() !== char) return false
    this.at++
    return true
  }

  expect (char: string): void {
    if (!this.accept(char)) this.fail(`expected '${char}'`)
  }

  name (): string {
    this.skipSpace()
    NAME.lastIndex = this.at
    const match = NAME.exec(this.text)
    if (match === null) return this.fail('expected a label name')
    this.at = NAME.lastIndex
    return match[0]
  }

  string (): string {
    this.skipSpace()
    try {
      const { value, next } = readGoString(this.text, this.at)
      this.at = next
      return value
    } catch (error) {
      if (!(error instanceof GoStringError)) throw error
      this.at = error.position
      return this.fail(error.message)
    }
  }

  end (): void {
    if (this.peek() !== undefined) this.fail('unexpected text after \'}\'')
  }

  private skipSpace (): void {
    SPACE.lastIndex = this.at
    SPACE.exec(this.text)
    this.at = SPACE.lastIndex
  }

  private fail (problem: string): never {
    const found = this.text[this.at]
    const where = found === undefined
      ? 'at the end'
      : `at position ${this.at} ('${found}')`
    throw new LabelParseError(`${problem} ${where}`)
  }
}

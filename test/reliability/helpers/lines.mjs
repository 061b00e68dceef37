// Every line the suite logs carries its number between hashes, whatever
// the logger wraps around it (pino and winston write JSON records), so
// that each stored or dropped entry can be traced to one log call.
import { randomBytes } from 'node:crypto'

/**
 * The message of log call `i`, padded with `padBytes` of random hex:
 * padding that snappy cannot shrink, for size limits.
 */
export function lineFor (i, padBytes = 0) {
  const pad = padBytes > 0
    ? ' ' + randomBytes(Math.ceil(padBytes / 2)).toString('hex')
      .slice(0, padBytes)
    : ''
  return `entry #${i}#${pad}`
}

/** The number of the log call a line came from; NaN for a foreign line. */
export function idOf (line) {
  const match = /#(\d+)#/.exec(line)
  return match === null ? Number.NaN : Number(match[1])
}

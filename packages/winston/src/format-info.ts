import type TransportStream from 'winston-transport'
import { jsonLine } from './log-line.js'
import { LEVEL, MESSAGE, type WinstonInfo } from './winston-info.js'

type Format = NonNullable<TransportStream['format']>
type FormatInput = Parameters<Format['transform']>[0]

/**
 * Applies a transport's own winston format to a copy of `info`, as
 * winston-transport does; undefined when the format filters the info out.
 * A format that throws does not throw here: the entry still ships, its
 * line saying what failed, rather than vanishing with its batch.
 */
export function formatInfo (format: Format, info: WinstonInfo):
  WinstonInfo | undefined {
  try {
    const copy = { ...info } as FormatInput
    const formatted: unknown = format.transform(copy, format.options)
    return formatted === false || formatted === undefined || formatted === null
      ? undefined
      : formatted as WinstonInfo
  } catch (error) {
    const line = `[lokits: the transport's format threw ` +
      `${JSON.stringify(describe(error))} on ${jsonLine(info)}]`
    return {
      level: info[LEVEL], message: line, [LEVEL]: info[LEVEL], [MESSAGE]: line,
    }
  }
}

function describe (error: unknown): string {
  return error instanceof Error ? error.message : typeof error
}

import { parseArgs } from 'node:util'
import { LokiOptionsError } from '@lokits/core'
import type { PinoTransportOptions } from './options.js'

type FlagKind = 'text' | 'integer' | 'switch' | 'list' | 'pairs' | 'levels'

interface Flag {
  /** The option it sets; a dot reaches into `retry`. */
  readonly option: string
  readonly kind: FlagKind
  readonly help: string
}

/**
 * The command's flags, one per option, named as the option in kebab-case.
 * Credentials are better given through the environment: a command line
 * is visible to every user of the machine.
 */
export const FLAGS: Readonly<Record<string, Flag>> = {
  'url': { option: 'url', kind: 'text',
    help: 'Loki base URL or push URL (env LOKI_URL)' },
  'label': { option: 'labels', kind: 'pairs',
    help: 'static label name=value (repeatable)' },
  'label-key': { option: 'labelKeys', kind: 'list',
    help: 'record field promoted to a label (repeatable)' },
  'metadata-key': { option: 'metadataKeys', kind: 'list',
    help: 'record field sent as structured metadata (repeatable)' },
  'level-label': { option: 'levelLabel', kind: 'text',
    help: "name of the level label (default 'level')" },
  'no-level-label': { option: 'levelLabel', kind: 'switch',
    help: 'send no level label' },
  'custom-level': { option: 'customLevels', kind: 'levels',
    help: 'level name=number for custom levels (repeatable)' },
  'line-format': { option: 'lineFormat', kind: 'text',
    help: 'json (default), message or logfmt' },
  'omit-promoted-keys': { option: 'omitPromotedKeys', kind: 'switch',
    help: 'leave label and metadata fields out of lines' },
  'tenant': { option: 'tenant', kind: 'text',
    help: 'X-Scope-OrgID (env LOKI_TENANT)' },
  'basic-auth': { option: 'basicAuth', kind: 'text',
    help: 'user:password (better: env LOKI_BASIC_AUTH)' },
  'bearer-token': { option: 'bearerToken', kind: 'text',
    help: 'bearer token (better: env LOKI_BEARER_TOKEN)' },
  'header': { option: 'headers', kind: 'pairs',
    help: 'extra request header name=value (repeatable)' },
  'encoding': { option: 'encoding', kind: 'text',
    help: 'protobuf (default) or json' },
  'gzip': { option: 'gzip', kind: 'switch', help: 'gzip JSON bodies' },
  'proxy': { option: 'proxy', kind: 'text', help: 'HTTP(S) proxy URL' },
  'timeout-ms': { option: 'timeoutMs', kind: 'integer',
    help: 'deadline of one push request' },
  'max-entries': { option: 'maxEntries', kind: 'integer',
    help: 'most entries in one push' },
  'max-bytes': { option: 'maxBytes', kind: 'integer',
    help: 'most bytes in one push' },
  'max-wait-ms': { option: 'maxWaitMs', kind: 'integer',
    help: 'longest an entry waits for its batch' },
  'max-in-flight': { option: 'maxInFlight', kind: 'integer',
    help: 'push requests in flight at once' },
  'max-queue-entries': { option: 'maxQueueEntries', kind: 'integer',
    help: 'most entries held' },
  'max-queue-bytes': { option: 'maxQueueBytes', kind: 'integer',
    help: 'most line bytes held' },
  'overflow': { option: 'overflow', kind: 'text',
    help: 'block (default), drop-new or drop-oldest' },
  'max-line-bytes': { option: 'maxLineBytes', kind: 'integer',
    help: 'longest line; longer ones are cut' },
  'max-labels': { option: 'maxLabels', kind: 'integer',
    help: 'most labels per stream' },
  'retry-max-attempts': { option: 'retry.maxAttempts', kind: 'integer',
    help: 'attempts per batch' },
  'close-timeout-ms': { option: 'closeTimeoutMs', kind: 'integer',
    help: 'how long to keep sending after stdin ends' },
  'spool-dir': { option: 'spool.dir', kind: 'text',
    help: 'keep entries on disk until Loki has them' },
  'spool-max-bytes': { option: 'spool.maxBytes', kind: 'integer',
    help: 'most bytes the spool holds' },
  'spool-fsync': { option: 'spool.fsync', kind: 'text',
    help: 'interval (default), always or never' },
}

/** Environment variables read when their flag is absent. */
const ENV: Readonly<Record<string, string>> = {
  'url': 'LOKI_URL',
  'tenant': 'LOKI_TENANT',
  'basic-auth': 'LOKI_BASIC_AUTH',
  'bearer-token': 'LOKI_BEARER_TOKEN',
}

/** What the command line asks for. */
export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'ship', readonly options: PinoTransportOptions }

/**
 * Reads the command line into transport options.
 * @throws {LokiOptionsError} naming the flag, for a flag that is unknown,
 * malformed or missing.
 */
export function readFlags (
  argv: readonly string[], env: Readonly<Record<string, string | undefined>>,
): Command {
  const values = parse(argv)
  if (values['help'] === true) return { kind: 'help' }
  for (const [flag, name] of Object.entries(ENV)) {
    // An empty variable counts as unset, as shells make them easily.
    const fromEnv = env[name]
    if (fromEnv !== undefined && fromEnv !== '') values[flag] ??= fromEnv
  }
  if (values['url'] === undefined) {
    throw new LokiOptionsError('--url', 'is required (or set LOKI_URL)',
      undefined)
  }
  const options: Record<string, unknown> = {}
  for (const [flag, value] of Object.entries(values)) {
    const spec = FLAGS[flag]
    if (spec === undefined || value === undefined) continue
    set(options, spec.option, convert(flag, spec.kind, value))
  }
  return { kind: 'ship', options: options as unknown as PinoTransportOptions }
}

/** The help text, from the flag table. */
export function usage (): string {
  const width = Math.max(...Object.keys(FLAGS).map((f) => f.length)) + 4
  const lines = Object.entries(FLAGS).map(([flag, { help }]) =>
    `  --${flag.padEnd(width - 2)}${help}`)
  return 'Usage: node app.js | lokits --url <loki> [flags]\n\n' +
    'Reads newline-delimited JSON (pino output) from stdin and pushes it ' +
    'to Loki.\nLines that are not JSON are sent as they are.\n\n' +
    lines.join('\n') + '\n  --help'.padEnd(width + 2) + 'this text\n'
}

// parseArgs types repeated values as (string | boolean)[]; only text
// flags repeat here, so the arrays hold strings.
type Value = string | boolean | (string | boolean)[] | undefined
type Values = Record<string, Value>

function parse (argv: readonly string[]): Values {
  const options: Record<string, { type: 'string' | 'boolean',
    multiple?: boolean }> = { help: { type: 'boolean' } }
  for (const [flag, { kind }] of Object.entries(FLAGS)) {
    options[flag] = {
      type: kind === 'switch' ? 'boolean' : 'string',
      multiple: kind === 'list' || kind === 'pairs' || kind === 'levels',
    }
  }
  try {
    return parseArgs({ args: [...argv], options, strict: true }).values
  } catch (error) {
    throw new LokiOptionsError('command line', 'is not understood',
      (error as Error).message)
  }
}

function convert (flag: string, kind: FlagKind, value: unknown): unknown {
  switch (kind) {
    case 'text': return flag === 'basic-auth'
      ? credentials(String(value))
      : value
    case 'switch': return flag === 'no-level-label' ? false : value
    case 'integer': return integer(flag, String(value))
    case 'list': return value
    case 'pairs': return pairs(flag, value as string[], (v) => v)
    case 'levels': return pairs(flag, value as string[],
      (v) => integer(flag, v))
  }
}

function integer (flag: string, value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new LokiOptionsError(`--${flag}`, 'must be a whole number', value)
  }
  return Number(value)
}

function pairs<T> (
  flag: string, values: readonly string[], read: (value: string) => T,
): Record<string, T> {
  const result: Record<string, T> = {}
  for (const pair of values) {
    const split = pair.indexOf('=')
    if (split <= 0) {
      throw new LokiOptionsError(`--${flag}`, 'must be name=value', pair)
    }
    result[pair.slice(0, split)] = read(pair.slice(split + 1))
  }
  return result
}

function credentials (value: string): { username: string, password: string } {
  const split = value.indexOf(':')
  if (split < 0) {
    throw new LokiOptionsError('--basic-auth', 'must be user:password',
      '(hidden)')
  }
  return { username: value.slice(0, split), password: value.slice(split + 1) }
}

function set (into: Record<string, unknown>, path: string, value: unknown):
  void {
  const dot = path.indexOf('.')
  if (dot < 0) {
    into[path] = value
    return
  }
  const head = path.slice(0, dot)
  const inner = (into[head] ??= {}) as Record<string, unknown>
  inner[path.slice(dot + 1)] = value
}

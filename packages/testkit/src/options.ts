// The receiver's options: one readonly type, defaults resolved and every
// value checked once, at start.
import { InvalidReceiverOptionError } from './errors.js'
import type { GatewayAuth } from './gateway-auth.js'
import { resolveLimits, type LokiLimits, type LokiVersion } from './limits.js'

/** Options of `startLokiReceiver()`; all optional. */
export interface LokiReceiverOptions {
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string
  /** Port to listen on; 0 picks a free one. @default 0 */
  readonly port?: number
  /** Loki major version to emulate (limits and format quirks). @default 3 */
  readonly version?: LokiVersion
  /** Overrides of single limits. @default the version's defaults */
  readonly limits?: Partial<LokiLimits>
  /**
   * Require `X-Scope-OrgID` (401 `no org id` without), as Loki with
   * `auth_enabled: true`. When off, every push goes to tenant 'fake'.
   * @default false
   */
  readonly multiTenant?: boolean
  /** Clock in milliseconds for age checks and the rate limit.
   * @default Date.now */
  readonly now?: () => number
  /** Credentials to require, as a gateway would (401 when missing or
   * wrong). @default undefined (none) */
  readonly auth?: GatewayAuth
  /**
   * Tenant ingestion rate limit on body bytes (429 when exceeded). Loki's
   * default is 4 MB/s; the receiver has none so benchmarks measure the
   * client. @default 0 (no limit)
   */
  readonly rateLimitBytesPerSecond?: number
  /** Bucket size of the rate limit. @default rateLimitBytesPerSecond */
  readonly rateLimitBurstBytes?: number
}

/** Options with every default applied. */
export interface ResolvedReceiverOptions {
  readonly host: string
  readonly port: number
  readonly version: LokiVersion
  readonly limits: LokiLimits
  readonly multiTenant: boolean
  readonly now: () => number
  readonly auth: GatewayAuth | undefined
  readonly rateLimitBytesPerSecond: number
  readonly rateLimitBurstBytes: number
}

/** Applies defaults and checks every option; throws on a bad value. */
export function resolveOptions (
  options: LokiReceiverOptions = {}
): ResolvedReceiverOptions {
  const {
    host = '127.0.0.1',
    port = 0,
    version = 3,
    multiTenant = false,
    now = Date.now,
    auth,
  } = options
  check('host', typeof host === 'string' && host !== '',
    'a non-empty string', host)
  check('port', Number.isInteger(port) && port >= 0 && port <= 65535,
    'an integer from 0 to 65535', port)
  check('version', version === 2 || version === 3, '2 or 3', version)
  check('multiTenant', typeof multiTenant === 'boolean', 'a boolean',
    multiTenant)
  check('now', typeof now === 'function', 'a function returning ms', now)
  if (auth !== undefined) checkAuth(auth)

  const rate = options.rateLimitBytesPerSecond ?? 0
  checkRate('rateLimitBytesPerSecond', rate)
  const burst = options.rateLimitBurstBytes ?? rate
  checkRate('rateLimitBurstBytes', burst)

  return {
    host,
    port,
    version,
    limits: resolveLimits(version, options.limits),
    multiTenant,
    now,
    auth,
    rateLimitBytesPerSecond: rate,
    rateLimitBurstBytes: burst,
  }
}

/** Checks a rate-limit value (also used by the runtime setter). */
export function checkRate (option: string, value: unknown): void {
  check(option, typeof value === 'number' && Number.isFinite(value) &&
    value >= 0, 'a non-negative number (0 = no limit)', value)
}

function checkAuth (auth: GatewayAuth): void {
  const basic = 'basic' in auth ? auth.basic : undefined
  const valid = 'bearer' in auth
    ? typeof auth.bearer === 'string' && auth.bearer !== ''
    : typeof basic?.username === 'string' &&
      typeof basic.password === 'string'
  check('auth', valid,
    '{ basic: { username, password } } or { bearer: token }', auth)
}

function check (
  option: string,
  valid: boolean,
  rule: string,
  value: unknown
): void {
  if (!valid) throw new InvalidReceiverOptionError(option, rule, value)
}

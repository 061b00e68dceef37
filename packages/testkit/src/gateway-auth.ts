// The credentials check of a gateway in front of Loki (Loki itself does
// no authentication): basic auth as Grafana Cloud uses, or a bearer token.

/** Credentials the receiver requires, as a gateway would. */
export type GatewayAuth =
  | { readonly basic: { readonly username: string, readonly password: string } }
  | { readonly bearer: string }

/** True when the Authorization header carries the expected credentials. */
export function isAuthorized (
  auth: GatewayAuth,
  authorization: string | undefined
): boolean {
  const [scheme = '', credentials = ''] = (authorization ?? '')
    .trim()
    .split(/\s+/, 2)
  if ('bearer' in auth) {
    return scheme.toLowerCase() === 'bearer' && credentials === auth.bearer
  }

  if (scheme.toLowerCase() !== 'basic') return false
  const decoded = Buffer.from(credentials, 'base64').toString('utf8')
  const { username, password } = auth.basic
  return decoded === `${username}:${password}`
}

// Which tenant a push belongs to. With multi-tenancy off, Loki files
// everything under 'fake' (auth_enabled: false) whatever the header says.
import { PushRejection } from './push-request.js'

/** The tenant Loki uses when multi-tenancy is off. */
export const SINGLE_TENANT = 'fake'

const MAX_TENANT_BYTES = 150
const TENANT_CHARS = /^[a-zA-Z0-9!\-_.*'()]+$/

/**
 * Reads the tenant from `X-Scope-OrgID`, refusing with 401 what Loki's
 * tenant check refuses.
 */
export function resolveTenant (
  orgId: string | undefined,
  multiTenant: boolean
): string {
  if (!multiTenant) return SINGLE_TENANT
  if (orgId === undefined || orgId === '') {
    throw new PushRejection(401, 'no org id')
  }
  if (Buffer.byteLength(orgId) > MAX_TENANT_BYTES) {
    throw new PushRejection(401,
      `tenant ID is too long: max ${MAX_TENANT_BYTES} characters`)
  }
  if (orgId === '.' || orgId === '..') {
    throw new PushRejection(401, 'tenant ID is \'.\' or \'..\'')
  }
  if (!TENANT_CHARS.test(orgId)) {
    const bad = [...orgId].find((char) => !TENANT_CHARS.test(char))
    throw new PushRejection(401,
      `tenant ID '${orgId}' contains unsupported character '${bad ?? ''}'`)
  }
  return orgId
}

/**
 * A visitor check for intranets: the token provider issues call tokens only to employees signed in with Microsoft
 * Entra ID. The page (a SharePoint web part through `AadHttpClient`, or any app with MSAL) sends an access token for
 * the provider's own app registration as `Authorization: Bearer …`; it is checked with `jose` against the tenant's
 * published keys — signature, issuer, audience, expiry, tenant — and, if asked, a group or an app role. The employee's
 * name in the token becomes the name the Teams user sees, so a caller cannot pose as someone else.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { VisitorVerifier } from './visitor.js';

export interface EntraVerifierOptions {
  /** The directory (tenant) ID, a GUID: a token from any other tenant is refused. */
  tenantId: string;
  /** The token provider's app: its Application ID URI (`api://…`), its client ID, or both. */
  audience: string | string[];
  /** Only members of one of these groups (object IDs in the token's `groups` claim). */
  allowedGroups?: string[];
  /** Only holders of one of these app roles (the token's `roles` claim). */
  allowedRoles?: string[];
  /** The tenant's keys (default Microsoft's for `tenantId`): for a sovereign cloud, or a test. */
  jwksUrl?: string;
  /** Accepted issuers (default the tenant's v2.0 and v1.0 issuers). */
  issuers?: string[];
  /** How far the clocks may disagree, in seconds (default 60). */
  clockToleranceSeconds?: number;
  /** How soon a token signed with an unknown key may fetch the key set again, in seconds (default 30). */
  keyRefreshCooldownSeconds?: number;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Entra signs access tokens with RSA keys; anything else (`none`, HMAC with a public key) is refused outright. */
const ALGORITHMS = ['RS256'];

/**
 * A {@link VisitorVerifier} that accepts a request only with a valid Entra access token for this provider. A missing or
 * invalid token is refused with 401, a valid one without the group or role with 403; the key set unreachable is an
 * error (503). The verdict carries the employee's `name`, which the element shows the Teams user.
 */
export function entraVerifier(options: EntraVerifierOptions): VisitorVerifier {
  const { tenantId, clockToleranceSeconds = 60, keyRefreshCooldownSeconds = 30 } = options;
  if (typeof tenantId !== 'string' || !GUID.test(tenantId)) {
    throw new Error('entraVerifier needs tenantId: the directory (tenant) ID, a GUID.');
  }
  const audience = [options.audience].flat().filter((value) => typeof value === 'string' && value.trim());
  if (audience.length === 0) {
    throw new Error('entraVerifier needs audience: the token provider app’s Application ID URI or client ID.');
  }
  const tenant = tenantId.toLowerCase();
  const issuers = options.issuers ?? [
    `https://login.microsoftonline.com/${tenant}/v2.0`,
    `https://sts.windows.net/${tenant}/`,
  ];
  const keys = createRemoteJWKSet(
    new URL(options.jwksUrl ?? `https://login.microsoftonline.com/${tenant}/discovery/v2.0/keys`),
    { cooldownDuration: keyRefreshCooldownSeconds * 1000 },
  );
  const groups = new Set(options.allowedGroups ?? []);
  const roles = new Set(options.allowedRoles ?? []);

  return async ({ header }) => {
    const [scheme, token] = (header('authorization') ?? '').trim().split(/\s+/);
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      return { ok: false, status: 401, reason: 'the request carries no Entra access token (Authorization: Bearer)' };
    }
    let claims: JWTPayload & { tid?: unknown; groups?: unknown; roles?: unknown; name?: unknown };
    try {
      ({ payload: claims } = await jwtVerify(token, keys, {
        algorithms: ALGORITHMS,
        issuer: issuers,
        audience,
        clockTolerance: clockToleranceSeconds,
        requiredClaims: ['exp', 'tid'],
      }));
    } catch (error) {
      if (isUnreachable(error)) throw new Error(`the tenant's keys could not be fetched (${(error as Error).message})`);
      return { ok: false, status: 401, reason: `the Entra access token is not valid (${refusal(error)})` };
    }
    if (String(claims.tid).toLowerCase() !== tenant) {
      return { ok: false, status: 401, reason: 'the Entra access token is from another tenant' };
    }
    if (groups.size && !listed(claims.groups, groups)) {
      return { ok: false, status: 403, reason: 'the signed-in user is not in a group allowed to call' };
    }
    if (roles.size && !listed(claims.roles, roles)) {
      return { ok: false, status: 403, reason: 'the signed-in user has no role allowed to call' };
    }
    const name = typeof claims.name === 'string' ? claims.name.trim().slice(0, 256) : '';
    return name ? { ok: true, displayName: name } : { ok: true };
  };
}

function listed(claim: unknown, allowed: ReadonlySet<string>): boolean {
  return Array.isArray(claim) && claim.some((value) => allowed.has(String(value)));
}

/** The key set could not be fetched: the check could not run, which is not the visitor's fault. */
function isUnreachable(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true; // fetch itself failed
  return error instanceof errors.JWKSTimeout || /JSON Web Key Set HTTP response/.test(error.message);
}

/** Why a token was refused, in words that hold nothing of the token. */
function refusal(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `its ${error.claim} claim does not match`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'its signing algorithm is not allowed';
  if (error instanceof errors.JWKSNoMatchingKey) return 'it is signed with a key the tenant does not publish';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'its signature does not verify';
  return 'it cannot be read as a signed JWT';
}

/**
 * The token provider's `session`: the ACS user a visitor's first token was issued for, signed with the server's
 * secret and bounded in time, so that a refresh re-issues a token for that same user and for no one else.
 * Format: `<base64url JSON { u: userId, e: expiry in ms }>.<base64url HMAC-SHA256 of the first part>`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SessionClaims {
  userId: string;
  expiresAt: number;
}

export function signSession(claims: SessionClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify({ u: claims.userId, e: claims.expiresAt })).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

/** The claims of a session this server signed and that has not expired; undefined for anything else. */
export function verifySession(session: unknown, secret: string, now = Date.now()): SessionClaims | undefined {
  if (typeof session !== 'string' || session.length > 512) return undefined;
  const [payload, signature, ...rest] = session.split('.');
  if (!payload || !signature || rest.length > 0) return undefined;
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const { u, e } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { u?: unknown; e?: unknown };
    if (typeof u !== 'string' || !u.startsWith('8:acs:') || typeof e !== 'number' || e <= now) return undefined;
    return { userId: u, expiresAt: e };
  } catch {
    return undefined;
  }
}

function mac(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

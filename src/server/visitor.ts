/**
 * Checks that the first token of a visit goes to a person's browser and not to a script: a hook the token provider
 * runs before it issues one, and a verifier for challenge services that answer through `siteverify` (Cloudflare
 * Turnstile by default; hCaptcha and reCAPTCHA take the same request).
 */
import { isIP } from 'node:net';

export interface VisitorRequest {
  /** A request header, by name in any case. */
  header(name: string): string | undefined;
  /** The fields of the request's JSON body; the page adds its challenge's response here (see `teams-call-token-request`). */
  body: Readonly<Record<string, unknown>>;
  /** The address the rate limit counts (an IPv6 client as its /64). */
  clientAddress: string;
  /** Aborts when the visitor's browser leaves or the check takes too long. */
  signal: AbortSignal;
}

/**
 * `{ ok: false, reason }` refuses the token, with 403 or the `status` given (401 for missing or invalid credentials);
 * the reason is sent to the page, so it must not hold a secret. `displayName`, from a verified identity (see
 * `entraVerifier`), is the name the Teams user sees, whatever the page asks.
 */
export type VisitorVerdict = { ok: true; displayName?: string } | { ok: false; reason: string; status?: 401 | 403 };

/** Throws when the check itself could not run (the service unreachable, a refused secret): the visitor then gets 503. */
export type VisitorVerifier = (request: VisitorRequest) => Promise<VisitorVerdict>;

export interface SiteverifyOptions {
  /** The widget's secret key. */
  secretKey: string;
  /** Hostnames of the pages the widget runs on: a response solved on any other site is refused. */
  hostnames: string[];
  /** The widget's `action`, when it sets one: a response solved for another action is refused. */
  action?: string;
  /** The body field the page puts the response in (default `cf-turnstile-response`, the name Turnstile gives it). */
  field?: string;
  /** The verification endpoint (default Turnstile's). */
  url?: string;
  /** How long to wait for it, in milliseconds (default 5,000). */
  timeoutMs?: number;
}

export const TURNSTILE_SITEVERIFY = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

/**
 * A {@link VisitorVerifier} that sends the page's challenge response to the service's `siteverify` endpoint, once:
 * the service itself refuses a response it has seen before, or that is older than its lifetime (five minutes for
 * Turnstile). It then checks the hostname and the action the response was solved for.
 */
export function siteverifyVerifier(options: SiteverifyOptions): VisitorVerifier {
  const { secretKey, action, field = 'cf-turnstile-response', url = TURNSTILE_SITEVERIFY, timeoutMs = 5000 } = options;
  if (typeof secretKey !== 'string' || !secretKey.trim()) {
    throw new Error('siteverifyVerifier needs the challenge widget’s secretKey.');
  }
  if (!Array.isArray(options.hostnames) || options.hostnames.length === 0) {
    throw new Error('siteverifyVerifier needs hostnames: the hostnames of the pages that show the challenge.');
  }
  const hostnames = new Set(options.hostnames.map((hostname) => String(hostname).toLowerCase()));
  return async ({ body, clientAddress, signal }) => {
    const response = body[field];
    if (typeof response !== 'string' || !response || response.length > 4096) {
      return { ok: false, reason: `the request carries no challenge response in "${field}"` };
    }
    const form = new URLSearchParams({ secret: secretKey, response });
    if (isIP(clientAddress)) form.set('remoteip', clientAddress);
    const answer = await fetch(url, {
      method: 'POST',
      body: form,
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    if (!answer.ok) throw new Error(`the challenge service answered ${answer.status}`);
    const result = (await answer.json()) as {
      success?: boolean;
      hostname?: string;
      action?: string;
      'error-codes'?: string[];
    };
    const codes = result['error-codes'] ?? [];
    if (codes.some((code) => /secret/.test(code))) {
      throw new Error(`the challenge service refused the secret key (${codes.join(', ')})`);
    }
    if (!result.success) {
      return {
        ok: false,
        reason: codes.includes('timeout-or-duplicate')
          ? 'the challenge response was already used or has expired'
          : `the challenge service refused the response (${codes.join(', ') || 'no reason given'})`,
      };
    }
    if (!hostnames.has(String(result.hostname).toLowerCase())) {
      return { ok: false, reason: 'the challenge was solved on another site' };
    }
    if (action !== undefined && result.action !== action) {
      return { ok: false, reason: 'the challenge was solved for another action' };
    }
    return { ok: true };
  };
}

/**
 * Runs each check in turn, as one: the first refusal refuses, and a name one of them vouches for is kept. For an
 * intranet page that is also open to guests behind a bot check, say, or a sign-in and a group check of your own.
 */
export function everyVisitorCheck(...verifiers: VisitorVerifier[]): VisitorVerifier {
  if (verifiers.length === 0 || verifiers.some((verifier) => typeof verifier !== 'function')) {
    throw new Error('everyVisitorCheck needs visitor checks, such as entraVerifier(…) and siteverifyVerifier(…).');
  }
  return async (request) => {
    let displayName: string | undefined;
    for (const verifier of verifiers) {
      const verdict = await verifier(request);
      if (!verdict.ok) return verdict;
      displayName ??= verdict.displayName;
    }
    return displayName ? { ok: true, displayName } : { ok: true };
  };
}

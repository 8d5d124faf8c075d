import { CallError } from './call-error.js';

/** What a token provider answers: a bare JWT, or Microsoft's sample shape `{ token, expiresOn }`. */
export type TokenAnswer = string | { token: string; expiresOn?: string | Date };

/** A host's own way to get a token (for example behind its own sign-in). It should honour the signal. */
export type TokenProvider = (signal: AbortSignal) => Promise<TokenAnswer>;

export interface TokenSource {
  url: string;
  init?: RequestInit;
  provider?: TokenProvider;
  timeoutSeconds: number;
}

/**
 * Gets a fresh, unexpired access token from the host's provider or token URL.
 * Throws a {@link CallError} with a message the visitor can read; never puts the token in one.
 */
export async function requestToken(source: TokenSource, signal?: AbortSignal): Promise<string> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), source.timeoutSeconds * 1000);
  const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
  try {
    const answer = source.provider
      ? await askProvider(source.provider, combined)
      : await fetchTokenAnswer(source.url, source.init, combined);
    return verifiedToken(answer);
  } catch (error) {
    if (timeout.signal.aborted && !signal?.aborted) {
      throw new CallError('token-request-failed', 'tokenTimeout', { seconds: source.timeoutSeconds });
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function fetchTokenAnswer(url: string, init: RequestInit | undefined, signal: AbortSignal): Promise<unknown> {
  const headers = new Headers(init?.headers);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', credentials: 'same-origin', ...init, headers, signal });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new CallError('token-request-failed', 'tokenUnreachable', { url });
  }
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('Retry-After'));
    if (response.status === 429 && retryAfter > 0) {
      throw new CallError('token-request-failed', 'tokenBusy', { seconds: Math.ceil(retryAfter) });
    }
    const statusText = response.statusText ? ` (${response.statusText})` : '';
    throw new CallError('token-request-failed', 'tokenStatus', { status: response.status, statusText });
  }
  try {
    return await response.json();
  } catch (error) {
    if (signal.aborted) throw error;
    throw new CallError('token-request-failed', 'tokenNotJson');
  }
}

/** Races the host's provider against the signal, since a provider may ignore it. */
async function askProvider(provider: TokenProvider, signal: AbortSignal): Promise<unknown> {
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([provider(signal), aborted]);
  } catch (error) {
    if (signal.aborted || error instanceof CallError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new CallError('token-request-failed', 'tokenProviderFailed', { detail });
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Accepts a JWT, or an object with a JWT in `token`, whose `exp` lies in the future. */
export function verifiedToken(answer: unknown): string {
  const token =
    typeof answer === 'string' ? answer : answer && typeof answer === 'object' ? (answer as { token?: unknown }).token : undefined;
  if (typeof token !== 'string' || token === '') throw new CallError('token-invalid', 'tokenMissing');
  const expiresAt = jwtExpiry(token);
  if (expiresAt === undefined) throw new CallError('token-invalid', 'tokenMalformed');
  if (expiresAt <= Date.now()) throw new CallError('token-invalid', 'tokenExpired');
  return token;
}

/** The `exp` claim of a JWT in milliseconds, or undefined when the token is not a readable JWT. */
function jwtExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload: unknown = JSON.parse(atob(parts[1].replace(/-/g, '+').replace(/_/g, '/')));
    const exp = (payload as { exp?: unknown } | null)?.exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

import type { AccessToken } from '../backends/calling.js';
import { CallError } from './errors.js';

/**
 * What a token provider answers: a bare JWT, or `{ token, expiresOn, session }` (Microsoft's sample shape, plus the
 * `session` that a refresh sends back to get a token for the same user).
 */
export type TokenAnswer = string | { token: string; expiresOn?: string | Date; session?: string; displayName?: string };

/**
 * A host's own way to get a token (for example behind its own sign-in). It should honour the signal. On a refresh,
 * `session` is what its previous answer gave: the new token must be for the same user, or the call ends.
 */
export type TokenProvider = (signal: AbortSignal, request: { session?: string }) => Promise<TokenAnswer>;

/** What a page may add to a visit's first request to `token-url` (the detail of `teams-call-token-request`). */
export interface TokenRequestDetail {
  /** Headers to send with it: add yours. */
  readonly headers: Headers;
  /** Fields of its JSON body: add yours, such as `'cf-turnstile-response'` for a Turnstile check. */
  readonly body: Record<string, unknown>;
  /** True when the request is made ahead of a click (see `preload`); false when a visitor's click waits for it. */
  readonly ahead: boolean;
  /**
   * Holds the request until `work` settles, to add what takes time (a bot check's response); call it while the event
   * is dispatched. A rejection stops the call with its message.
   */
  waitUntil(work: PromiseLike<unknown>): void;
}

export interface TokenSource {
  url: string;
  init?: RequestInit;
  provider?: TokenProvider;
  timeoutSeconds: number;
  /** Shows the page a first request to `url` before it is sent; false when the page cancels it. */
  announce?: (detail: TokenRequestDetail) => boolean;
  /** Whether the request is made ahead of a click. */
  ahead?: boolean;
}

/** A verified token, its expiry on the visitor's clock, and the provider's session for refreshing it. */
export interface IssuedToken extends AccessToken {
  session?: string;
  /** The name the provider vouches for (a signed-in employee's): the Teams user sees it, whatever the page asks. */
  displayName?: string;
}

/**
 * Gets a fresh, unexpired access token from the host's provider or token URL; with `session`, a refresh for the same
 * user. Throws a {@link CallError} with a message the visitor can read; never puts the token in one.
 */
export async function requestToken(source: TokenSource, signal?: AbortSignal, session?: string): Promise<IssuedToken> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), source.timeoutSeconds * 1000);
  const combined = signal ? anySignal([signal, timeout.signal]) : timeout.signal;
  try {
    // Raced against the signal: a provider, or a page's own `fetch` wrapper, may ignore it.
    const { answer, serverDate } = await untilAborted(
      combined,
      source.provider ? askProvider(source.provider, combined, session) : fetchTokenAnswer(source, combined, session),
    );
    return verifiedToken(answer, serverDate);
  } catch (error) {
    if (timeout.signal.aborted && !signal?.aborted) {
      throw new CallError('token-request-failed', 'tokenTimeout', { seconds: source.timeoutSeconds });
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

interface RawAnswer {
  answer: unknown;
  /** The provider's clock when it answered (its `Date` header), to read `expiresOn` on the visitor's clock. */
  serverDate?: number;
}

async function fetchTokenAnswer(source: TokenSource, signal: AbortSignal, session?: string): Promise<RawAnswer> {
  const { url, init } = source;
  const headers = new Headers(init?.headers);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  // A refresh carries the session, which stands for the visitor the first request was made for.
  const fields = session !== undefined ? { session } : await pageFields(source, headers);
  const body: RequestInit = {};
  if (Object.keys(fields).length > 0) {
    headers.set('Content-Type', 'application/json');
    body.body = JSON.stringify(fields);
  }
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', credentials: 'same-origin', ...init, ...body, headers, signal });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new CallError('token-request-failed', 'tokenUnreachable', { url });
  }
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('Retry-After'));
    if (response.status === 429 && retryAfter > 0) {
      throw new CallError('token-request-failed', 'tokenBusy', { seconds: Math.ceil(retryAfter) });
    }
    if (response.status === 401 && session !== undefined) throw new CallError('token-request-failed', 'sessionRefused');
    if (response.status === 403 && (await errorCode(response)) === 'visitor-check-failed') {
      throw new CallError('token-request-failed', 'visitorCheckFailed');
    }
    const statusText = response.statusText ? ` (${response.statusText})` : '';
    throw new CallError('token-request-failed', 'tokenStatus', { status: response.status, statusText });
  }
  const serverDate = Date.parse(response.headers.get('Date') ?? '');
  try {
    return { answer: await response.json(), serverDate: Number.isNaN(serverDate) ? undefined : serverDate };
  } catch (error) {
    if (signal.aborted) throw error;
    throw new CallError('token-request-failed', 'tokenNotJson');
  }
}

/** What the page adds to a first request through `teams-call-token-request`, once what it waits for is ready. */
async function pageFields(
  { announce, ahead = false }: TokenSource,
  headers: Headers,
): Promise<Record<string, unknown>> {
  if (!announce) return {};
  const fields: Record<string, unknown> = {};
  const waits: PromiseLike<unknown>[] = [];
  let open = true;
  const sent = announce({
    headers,
    body: fields,
    ahead,
    waitUntil: (work) => {
      if (!open) throw new Error('waitUntil() must be called while teams-call-token-request is dispatched.');
      waits.push(work);
    },
  });
  open = false;
  if (!sent) throw new CallError('token-request-failed', 'tokenRequestCanceled');
  try {
    await Promise.all(waits);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new CallError('token-request-failed', 'tokenRequestNotReady', { detail });
  }
  return fields;
}

/** The `code` of a JSON error answer, if it has one. */
async function errorCode(response: Response): Promise<unknown> {
  try {
    return ((await response.json()) as { code?: unknown }).code;
  } catch {
    return undefined;
  }
}

async function askProvider(provider: TokenProvider, signal: AbortSignal, session?: string): Promise<RawAnswer> {
  try {
    return { answer: await provider(signal, { session }) };
  } catch (error) {
    if (signal.aborted || error instanceof CallError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new CallError('token-request-failed', 'tokenProviderFailed', { detail });
  }
}

/** `work`, or its signal's reason as soon as the signal aborts. */
function untilAborted<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** `AbortSignal.any`, where the browser has it (Safari 17.4, Firefox 124), else the same by hand. */
export function anySignal(signals: AbortSignal[]): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any(signals);
  const controller = new AbortController();
  for (const signal of signals) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true, signal: controller.signal });
  }
  return controller.signal;
}

/**
 * Accepts a JWT, or an object with a JWT in `token`, that has not expired. Its expiry is the provider's `expiresOn`
 * (else the JWT's `exp`) read on the provider's clock where its answer tells the time, so that a visitor's clock that
 * is hours off neither refuses a fresh token nor makes the SDK refresh too late.
 */
export function verifiedToken(answer: unknown, serverDate?: number): IssuedToken {
  const fields =
    answer && typeof answer === 'object'
      ? (answer as { token?: unknown; expiresOn?: unknown; session?: unknown; displayName?: unknown })
      : {};
  const token = typeof answer === 'string' ? answer : fields.token;
  if (typeof token !== 'string' || token === '') throw new CallError('token-invalid', 'tokenMissing');
  const jwtExpiresAt = jwtExpiry(token);
  if (jwtExpiresAt === undefined) throw new CallError('token-invalid', 'tokenMalformed');
  const stated =
    fields.expiresOn instanceof Date ? fields.expiresOn.getTime() : Date.parse(String(fields.expiresOn ?? ''));
  const expiresAt = Number.isNaN(stated) ? jwtExpiresAt : stated;
  const skew = serverDate === undefined ? 0 : Date.now() - serverDate;
  const expiresOnTimestamp = expiresAt + skew;
  if (expiresOnTimestamp <= Date.now()) throw new CallError('token-invalid', 'tokenExpired');
  const session = typeof fields.session === 'string' && fields.session ? fields.session : undefined;
  const displayName = typeof fields.displayName === 'string' ? fields.displayName.trim().slice(0, 256) : '';
  return { token, expiresOnTimestamp, session, ...(displayName && { displayName }) };
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

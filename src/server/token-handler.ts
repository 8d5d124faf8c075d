/**
 * The reference token provider for `<teams-call-button>`: a standard `(req, res)` handler for `node:http` and Express
 * that issues `voip` tokens for Azure Communication Services users and answers `{ token, expiresOn, session }`.
 *
 * A first request creates a user. A refresh sends back `{ "session": "…" }`, the signed user ID it was given, and gets
 * a new token for that same user: the calling SDK refuses a refreshed token for another user and would end the call.
 *
 * Safe by default: POST only (and the CORS preflight), allowed origins only, a per-address rate limit, a bounded
 * request body, a bounded wait for the identity service, `Cache-Control: no-store`, and neither the connection string
 * nor a token in any log or error.
 */
import { CommunicationIdentityClient } from '@azure/communication-identity';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientAddress } from './client-address.js';
import { signSession, verifySession } from './session.js';

export interface RateLimit {
  /** Tokens one client address may get per window. */
  requests: number;
  windowSeconds: number;
}

export interface TokenHandlerOptions {
  /** The ACS resource's connection string (`endpoint=https://…;accesskey=…`). Keep it on the server. */
  connectionString: string;
  /** Origins whose pages may ask for tokens, e.g. `['https://www.contoso.com']`. Requests from other origins get 403. */
  allowedOrigins: string[];
  /** 60 to 1440 (the service's limits). */
  tokenLifetimeMinutes?: number;
  /**
   * Signs the `session` that lets a refresh get a token for the same user (at least 32 characters). Without it a random
   * secret is made per process: set the same secret on every instance when more than one serves the token URL.
   */
  sessionSecret?: string;
  /** How long a session may refresh tokens, 1 to 48 hours (default 24): longer than any call. */
  sessionLifetimeHours?: number;
  /** `false` turns the limit off (for example behind a gateway that limits already). */
  rateLimit?: RateLimit | false;
  /**
   * Behind proxies you run: how many of them append to `X-Forwarded-For` (`true` is one). The client address is the
   * entry the outermost of them appended, never one the client wrote.
   */
  trustProxy?: boolean | number;
  /** How long to wait for the identity service, in milliseconds (default 10,000). */
  upstreamTimeoutMs?: number;
  /** Where failures are reported; the message never holds a secret. Defaults to `console.error`. */
  onError?: (message: string) => void;
}

export type TokenHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const DEFAULT_RATE_LIMIT: RateLimit = { requests: 10, windowSeconds: 60 };
/** The element sends at most `{ "session": "…" }`; anything larger than this is not one of its requests. */
const MAX_BODY_BYTES = 1024;
const MIN_SECRET_LENGTH = 32;

export function createTokenHandler(options: TokenHandlerOptions): TokenHandler {
  const {
    tokenLifetimeMinutes = 60,
    sessionLifetimeHours = 24,
    trustProxy = false,
    upstreamTimeoutMs = 10_000,
  } = options;
  const identity = identityClient(options.connectionString);
  const origins = readOrigins(options.allowedOrigins);
  if (!(tokenLifetimeMinutes >= 60 && tokenLifetimeMinutes <= 1440)) {
    throw new Error('tokenLifetimeMinutes must be between 60 and 1440.');
  }
  if (!(sessionLifetimeHours >= 1 && sessionLifetimeHours <= 48)) {
    throw new Error('sessionLifetimeHours must be between 1 and 48.');
  }
  if (options.sessionSecret !== undefined && options.sessionSecret.length < MIN_SECRET_LENGTH) {
    throw new Error(`sessionSecret must be at least ${MIN_SECRET_LENGTH} characters long.`);
  }
  const secret = options.sessionSecret ?? randomBytes(32).toString('base64url');
  const hops = trustProxy === true ? 1 : trustProxy === false ? 0 : trustProxy;
  const limiter = options.rateLimit === false ? undefined : new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const report = options.onError ?? ((message: string) => console.error(`teams-call-button token handler: ${message}`));

  return async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Vary', 'Origin');
    const origin = req.headers.origin;
    if (!origin || !(origins.has(origin) || origins.has('*'))) {
      return answer(res, 403, { error: 'This origin may not request call tokens.' });
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    // Credentials (the page's cookies) only for origins named one by one: never for every origin at once.
    if (!origins.has('*')) res.setHeader('Access-Control-Allow-Credentials', 'true');
    // The page reads expiresOn on this server's clock, which it learns from Date.
    res.setHeader('Access-Control-Expose-Headers', 'Date');

    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'POST');
      res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? 'content-type');
      res.setHeader('Access-Control-Max-Age', '600');
      res.writeHead(204).end();
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST, OPTIONS');
      return answer(res, 405, { error: 'Use POST to request a call token.' });
    }
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === undefined) {
      res.setHeader('Connection', 'close');
      return answer(res, 413, { error: `The request body is over ${MAX_BODY_BYTES} bytes.` });
    }
    const session = sessionOf(body);
    if (session === INVALID_BODY) {
      return answer(res, 400, { error: 'The request body must be empty or JSON such as {"session":"…"}.' });
    }
    const retryAfter = limiter?.take(clientAddress(req, hops));
    if (retryAfter) {
      res.setHeader('Retry-After', String(retryAfter));
      return answer(res, 429, { error: `Too many call tokens requested; try again in ${retryAfter} seconds.` });
    }
    const claims = session === undefined ? undefined : verifySession(session, secret);
    if (session !== undefined && !claims) {
      return answer(res, 401, { error: 'The session is not valid or has expired; start a new call.' });
    }

    // Bounded, and given up as soon as the visitor's browser gives up.
    const upstream = AbortSignal.any([AbortSignal.timeout(upstreamTimeoutMs), closedSignal(req, res)]);
    const tokenOptions = { tokenExpiresInMinutes: tokenLifetimeMinutes, abortSignal: upstream };
    try {
      if (claims) {
        const { token, expiresOn } = await until(
          upstream,
          identity.getToken({ communicationUserId: claims.userId }, ['voip'], tokenOptions),
        );
        return answer(res, 200, { token, expiresOn: expiresOn.toISOString(), session });
      }
      const { user, token, expiresOn } = await until(upstream, identity.createUserAndToken(['voip'], tokenOptions));
      const expiresAt = Date.now() + sessionLifetimeHours * 3_600_000;
      const issued = signSession({ userId: user.communicationUserId, expiresAt }, secret);
      answer(res, 200, { token, expiresOn: expiresOn.toISOString(), session: issued });
    } catch (error) {
      if (res.destroyed) return; // the browser left; no one to answer
      const status = (error as { statusCode?: number }).statusCode;
      const detail = upstream.aborted
        ? `the identity service did not answer within ${upstreamTimeoutMs} ms`
        : status
          ? `the identity service answered ${status}`
          : 'the identity service could not be reached';
      report(`${detail}${status === 401 ? ' (check the access key of the connection string)' : ''}.`);
      answer(res, upstream.aborted ? 504 : 502, { error: `No call token could be issued: ${detail}.` });
    }
  };
}

/**
 * Reads the connection string itself, so that a malformed one is refused with a message that never repeats it:
 * the identity client's own error quotes the whole string, access key included.
 */
function identityClient(connectionString: unknown): CommunicationIdentityClient {
  const refuse = (problem: string) =>
    new Error(
      `createTokenHandler needs the ACS connection string ("endpoint=https://…;accesskey=…"), from the Azure portal: ` +
        `Communication Services → Keys. ${problem}`,
    );
  if (typeof connectionString !== 'string' || !connectionString.trim()) throw refuse('None was given.');
  const fields = new Map<string, string>();
  for (const part of connectionString.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  const endpoint = fields.get('endpoint') ?? '';
  const accessKey = fields.get('accesskey') ?? '';
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw refuse('Its endpoint is missing or not a URL.');
  }
  if (url.protocol !== 'https:') throw refuse('Its endpoint must be an https: URL.');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(accessKey)) throw refuse('Its access key is missing or not base64.');
  try {
    return new CommunicationIdentityClient(`endpoint=${url.href};accesskey=${accessKey}`);
  } catch {
    throw refuse('The identity client could not use it.');
  }
}

/** Origins as browsers send them (`https://host[:port]`, lower case, no path): anything else would never match. */
function readOrigins(allowedOrigins: unknown): Set<string> {
  if (!Array.isArray(allowedOrigins) || allowedOrigins.length === 0) {
    throw new Error('createTokenHandler needs allowedOrigins: the origins of the pages that show the call button.');
  }
  return new Set(
    allowedOrigins.map((value: unknown) => {
      if (value === '*') return value;
      let url: URL | undefined;
      try {
        url = new URL(String(value));
      } catch {
        // refused below
      }
      const origin = url && /^https?:$/.test(url.protocol) && url.origin;
      const bare = String(value).replace(/\/$/, '').toLowerCase();
      if (!origin || origin !== bare) {
        throw new Error(
          `allowedOrigins: "${String(value)}" is not an origin; write it as a browser sends it, e.g. "https://www.contoso.com".`,
        );
      }
      return origin;
    }),
  );
}

const INVALID_BODY = Symbol('invalid body');

/** The `session` of a refresh; undefined for a first request (no body, or none in it). */
function sessionOf(body: string): string | undefined | typeof INVALID_BODY {
  if (!body.trim()) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return INVALID_BODY;
    const { session } = parsed as { session?: unknown };
    if (session === undefined) return undefined;
    return typeof session === 'string' ? session : INVALID_BODY;
  } catch {
    return INVALID_BODY;
  }
}

/** The work's result, or a rejection as soon as `signal` aborts: the signal is passed on too, but not every layer honours it. */
function until<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** An abort signal for a request whose client has gone away before its answer. */
function closedSignal(req: IncomingMessage, res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  const onClose = () => {
    if (!res.writableEnded) controller.abort();
  };
  res.once('close', onClose);
  req.once('aborted', onClose);
  return controller.signal;
}

function answer(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/** Reads the body as text; undefined as soon as it grows past `limit`. */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve(undefined);
  // Express body parsers may have read it already.
  const parsed = (req as { body?: unknown }).body;
  if (req.readableEnded)
    return Promise.resolve(parsed && typeof parsed === 'object' ? JSON.stringify(parsed) : String(parsed ?? ''));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      resolve(undefined);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}

/** A fixed window per address; expired windows are swept, so memory stays bounded by the addresses of one window. */
class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private nextSweep = 0;

  constructor(private readonly limit: RateLimit) {}

  /** Counts a request; returns the seconds to wait when over the limit, else 0. */
  take(address: string): number {
    const now = Date.now();
    this.sweep(now);
    const windowMs = this.limit.windowSeconds * 1000;
    const current = this.windows.get(address);
    if (!current || current.resetAt <= now) {
      this.windows.set(address, { count: 1, resetAt: now + windowMs });
      return 0;
    }
    if (current.count < this.limit.requests) {
      current.count++;
      return 0;
    }
    return Math.max(1, Math.ceil((current.resetAt - now) / 1000));
  }

  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + this.limit.windowSeconds * 1000;
    for (const [address, window] of this.windows) if (window.resetAt <= now) this.windows.delete(address);
  }
}

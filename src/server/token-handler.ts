/**
 * The reference token provider for `<teams-call-button>`: a standard `(req, res)` handler for `node:http` and Express
 * that creates an Azure Communication Services user and answers `{ token, expiresOn }` with a `voip` token.
 *
 * Safe by default: POST only (and the CORS preflight), allowed origins only, a per-address rate limit,
 * a bounded request body, `Cache-Control: no-store`, and neither the connection string nor a token in any log or error.
 */
import { CommunicationIdentityClient } from '@azure/communication-identity';
import type { IncomingMessage, ServerResponse } from 'node:http';

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
  /** `false` turns the limit off (for example behind a gateway that limits already). */
  rateLimit?: RateLimit | false;
  /** Takes the client address from `X-Forwarded-For`; only behind a proxy you run. */
  trustProxy?: boolean;
  /** Where failures are reported; the message never holds a secret. Defaults to `console.error`. */
  onError?: (message: string) => void;
}

export type TokenHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const DEFAULT_RATE_LIMIT: RateLimit = { requests: 10, windowSeconds: 60 };
/** The element sends no body; anything larger than this is not one of its requests. */
const MAX_BODY_BYTES = 1024;

export function createTokenHandler(options: TokenHandlerOptions): TokenHandler {
  const { connectionString, allowedOrigins, tokenLifetimeMinutes = 60, trustProxy = false } = options;
  if (!connectionString || !/endpoint=/i.test(connectionString) || !/accesskey=/i.test(connectionString)) {
    throw new Error(
      'createTokenHandler needs the ACS connection string ("endpoint=https://…;accesskey=…"), ' +
        'from the Azure portal: Communication Services → Keys.',
    );
  }
  if (!Array.isArray(allowedOrigins) || allowedOrigins.length === 0) {
    throw new Error('createTokenHandler needs allowedOrigins: the origins of the pages that show the call button.');
  }
  if (!(tokenLifetimeMinutes >= 60 && tokenLifetimeMinutes <= 1440)) {
    throw new Error('tokenLifetimeMinutes must be between 60 and 1440.');
  }
  const identity = new CommunicationIdentityClient(connectionString);
  const limiter = options.rateLimit === false ? undefined : new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const report = options.onError ?? ((message: string) => console.error(`teams-call-button token handler: ${message}`));
  const origins = new Set(allowedOrigins);

  return async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Vary', 'Origin');
    const origin = req.headers.origin;
    if (!origin || !(origins.has(origin) || origins.has('*'))) {
      return answer(res, 403, { error: 'This origin may not request call tokens.' });
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');

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
    if (!(await bodyWithin(req, MAX_BODY_BYTES))) {
      res.setHeader('Connection', 'close');
      return answer(res, 413, { error: `The request body is over ${MAX_BODY_BYTES} bytes; none is needed.` });
    }
    const retryAfter = limiter?.take(clientAddress(req, trustProxy));
    if (retryAfter) {
      res.setHeader('Retry-After', String(retryAfter));
      return answer(res, 429, { error: `Too many call tokens requested; try again in ${retryAfter} seconds.` });
    }

    try {
      const { token, expiresOn } = await identity.createUserAndToken(['voip'], { tokenExpiresInMinutes: tokenLifetimeMinutes });
      answer(res, 200, { token, expiresOn: expiresOn.toISOString() });
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      const detail = status ? `the identity service answered ${status}` : 'the identity service could not be reached';
      report(`${detail}${status === 401 ? ' (check the access key of the connection string)' : ''}.`);
      answer(res, 502, { error: `No call token could be issued: ${detail}.` });
    }
  };
}

function answer(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/** Reads and discards the body; false as soon as it grows past `limit`. */
function bodyWithin(req: IncomingMessage, limit: number): Promise<boolean> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve(false);
  // Express body parsers may have read it already.
  if (req.readableEnded) return Promise.resolve(true);
  return new Promise((resolve) => {
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return;
      req.off('data', onData);
      resolve(false);
    };
    req.on('data', onData);
    req.on('end', () => resolve(true));
    req.on('error', () => resolve(false));
  });
}

function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',')[0].trim() : '';
  return forwarded || req.socket.remoteAddress || 'unknown';
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

/**
 * The reference token provider for `<teams-call-button>`, apart from any server framework: it takes a request's method,
 * headers, body and client address, and answers a status, headers and a JSON body. `createTokenHandler` fits it to
 * `node:http` and Express, `createTokenFunction` to Azure Functions.
 *
 * It issues `voip` tokens for Azure Communication Services users and answers `{ token, expiresOn, session }`. A first
 * request creates a user. A refresh sends back `{ "session": "…" }`, the signed user ID it was given, and gets a new
 * token for that same user: the calling SDK refuses a refreshed token for another user and would end the call.
 *
 * Safe by default: POST only (and the CORS preflight), allowed origins only, a limit per client address and one for all
 * of them together (in Redis when instances share them), an optional check that the visitor is a person, a bounded
 * request body, a bounded wait for the identity service, `Cache-Control: no-store`, and neither a secret nor a token in
 * any log or error.
 */
import type { TokenCredential } from '@azure/core-auth';
import { randomBytes } from 'node:crypto';
import { clientAddressReader, type TrustProxy } from './client-address.js';
import { identityClient } from './identity.js';
import { consoleLogger, type Logger } from './logger.js';
import { signSession, verifySession } from './session.js';
import { memoryStore, type LimitStore, type RateLimit } from './store.js';
import type { VisitorVerifier } from './visitor.js';

export interface TokenServiceOptions {
  /** The ACS resource's connection string (`endpoint=https://…;accesskey=…`). Keep it on the server. */
  connectionString?: string;
  /** Instead of a connection string: the ACS resource's URL (`https://<name>.communication.azure.com`)… */
  endpoint?: string;
  /** …and a Microsoft Entra credential for it, such as `new DefaultAzureCredential()` for a managed identity. */
  credential?: TokenCredential;
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
  /** Tokens one client address may get (default 10 a minute); `false` turns it off, behind a gateway that limits already. */
  rateLimit?: RateLimit | false;
  /** Tokens all clients together may get (default 600 a minute): a cap on what the resource can be made to spend. */
  globalRateLimit?: RateLimit | false;
  /** Where the limits are counted: this process by default; `connectRedisStore(url)` when instances must share them. */
  store?: LimitStore;
  /**
   * Which proxies in front of the server may name the client in `X-Forwarded-For`: the number of them that append to
   * it, or their addresses and CIDR ranges. Off by default: then every visitor behind a proxy shares its address.
   */
  trustProxy?: TrustProxy;
  /** Runs before a visit's first token is issued (refreshes carry the session instead): see `siteverifyVerifier`. */
  verifyVisitor?: VisitorVerifier;
  /** How long to wait for the identity service, in milliseconds (default 10,000). */
  upstreamTimeoutMs?: number;
  /** Where warnings and failures are reported; no message holds a secret. Defaults to the console. */
  logger?: Logger;
}

/** A request as the service reads it, from whichever server runs it. */
export interface TokenRequest {
  method: string;
  /** A request header, by name in any case. */
  header(name: string): string | undefined;
  /** The body as text; undefined when it was over {@link MAX_BODY_BYTES}. */
  body: string | undefined;
  /** The address of the socket's peer: the client, or the nearest proxy. */
  socketAddress: string | undefined;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
}

export interface TokenReply {
  status: number;
  headers: Record<string, string>;
  body?: object;
}

export type TokenService = (request: TokenRequest) => Promise<TokenReply>;

/** The element sends at most a session and a challenge response (Turnstile's are up to 2,048 characters). */
export const MAX_BODY_BYTES = 8192;
const DEFAULT_RATE_LIMIT: RateLimit = { requests: 10, windowSeconds: 60 };
const DEFAULT_GLOBAL_RATE_LIMIT: RateLimit = { requests: 600, windowSeconds: 60 };
const MIN_SECRET_LENGTH = 32;

export function createTokenService(options: TokenServiceOptions): TokenService {
  const { tokenLifetimeMinutes = 60, sessionLifetimeHours = 24, upstreamTimeoutMs = 10_000, verifyVisitor } = options;
  const identity = identityClient(options);
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
  if (verifyVisitor !== undefined && typeof verifyVisitor !== 'function') {
    throw new Error('verifyVisitor must be a function, such as siteverifyVerifier({ secretKey, hostnames }).');
  }
  const secret = options.sessionSecret ?? randomBytes(32).toString('base64url');
  const trustsProxies = options.trustProxy !== undefined && options.trustProxy !== false && options.trustProxy !== 0;
  const clientAddress = clientAddressReader(options.trustProxy);
  const store = options.store ?? memoryStore();
  const perAddress =
    options.rateLimit === false ? undefined : store.counter('address', options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const overall =
    options.globalRateLimit === false
      ? undefined
      : store.counter('global', options.globalRateLimit ?? DEFAULT_GLOBAL_RATE_LIMIT);
  const logger = options.logger ?? consoleLogger;
  let warnedOfProxy = false;

  return async (request) => {
    const headers: Record<string, string> = { 'Cache-Control': 'no-store', Vary: 'Origin' };
    const reply = (status: number, body?: object): TokenReply => ({
      status,
      headers: body ? { ...headers, 'Content-Type': 'application/json; charset=utf-8' } : headers,
      body,
    });
    const origin = request.header('origin');
    if (!origin || !(origins.has(origin) || origins.has('*'))) {
      return reply(403, { error: 'This origin may not request call tokens.' });
    }
    headers['Access-Control-Allow-Origin'] = origin;
    // Credentials (the page's cookies) only for origins named one by one: never for every origin at once.
    if (!origins.has('*')) headers['Access-Control-Allow-Credentials'] = 'true';
    // The page reads expiresOn on this server's clock, which it learns from Date.
    headers['Access-Control-Expose-Headers'] = 'Date';

    if (request.method === 'OPTIONS') {
      headers['Access-Control-Allow-Methods'] = 'POST';
      headers['Access-Control-Allow-Headers'] = request.header('access-control-request-headers') ?? 'content-type';
      headers['Access-Control-Max-Age'] = '600';
      return reply(204);
    }
    if (request.method !== 'POST') {
      headers.Allow = 'POST, OPTIONS';
      return reply(405, { error: 'Use POST to request a call token.' });
    }
    if (request.body === undefined) {
      return reply(413, { error: `The request body is over ${MAX_BODY_BYTES} bytes.` });
    }
    const fields = fieldsOf(request.body);
    if (!fields || (fields.session !== undefined && typeof fields.session !== 'string')) {
      return reply(400, { error: 'The request body must be empty or a JSON object such as {"session":"…"}.' });
    }

    const forwardedFor = request.header('x-forwarded-for');
    if (!trustsProxies && !warnedOfProxy && (forwardedFor || request.header('forwarded'))) {
      warnedOfProxy = true;
      logger.warn(
        'Requests arrive through a proxy (they carry X-Forwarded-For or Forwarded) but trustProxy is off: every ' +
          'visitor behind it shares one rate limit. Set trustProxy to the number of proxies, or their addresses.',
      );
    }
    const address = clientAddress(request.socketAddress, forwardedFor);
    const retryAfter = (await perAddress?.take(address)) || (await overall?.take('all'));
    if (retryAfter) {
      headers['Retry-After'] = String(retryAfter);
      return reply(429, { error: `Too many call tokens requested; try again in ${retryAfter} seconds.` });
    }

    const session = fields.session as string | undefined;
    const claims = session === undefined ? undefined : verifySession(session, secret);
    if (session !== undefined && !claims) {
      return reply(401, { error: 'The session is not valid or has expired; start a new call.' });
    }
    // Bounded, and given up as soon as the visitor's browser gives up.
    const upstream = AbortSignal.any([AbortSignal.timeout(upstreamTimeoutMs), request.signal]);

    if (!claims && verifyVisitor) {
      try {
        const verdict = await verifyVisitor({
          header: request.header,
          body: fields,
          clientAddress: address,
          signal: upstream,
        });
        if (!verdict.ok) {
          return reply(403, { error: `The visitor check failed: ${verdict.reason}.`, code: 'visitor-check-failed' });
        }
      } catch (error) {
        logger.error(`the visitor check could not run: ${(error as Error).message}.`);
        return reply(503, { error: 'The visitor check could not be completed; try again shortly.' });
      }
    }

    const tokenOptions = { tokenExpiresInMinutes: tokenLifetimeMinutes, abortSignal: upstream };
    try {
      if (claims) {
        const { token, expiresOn } = await until(
          upstream,
          identity.getToken({ communicationUserId: claims.userId }, ['voip'], tokenOptions),
        );
        return reply(200, { token, expiresOn: expiresOn.toISOString(), session });
      }
      const { user, token, expiresOn } = await until(upstream, identity.createUserAndToken(['voip'], tokenOptions));
      const expiresAt = Date.now() + sessionLifetimeHours * 3_600_000;
      const issued = signSession({ userId: user.communicationUserId, expiresAt }, secret);
      return reply(200, { token, expiresOn: expiresOn.toISOString(), session: issued });
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      const detail = upstream.aborted
        ? `the identity service did not answer within ${upstreamTimeoutMs} ms`
        : status
          ? `the identity service answered ${status}`
          : 'the identity service could not be reached';
      if (!request.signal.aborted) {
        logger.error(
          `${detail}${status === 401 || status === 403 ? ' (check the access key or the credential’s role)' : ''}.`,
        );
      }
      return reply(upstream.aborted ? 504 : 502, { error: `No call token could be issued: ${detail}.` });
    }
  };
}

/** Origins as browsers send them (`https://host[:port]`, lower case, no path): anything else would never match. */
function readOrigins(allowedOrigins: unknown): Set<string> {
  if (!Array.isArray(allowedOrigins) || allowedOrigins.length === 0) {
    throw new Error('The token provider needs allowedOrigins: the origins of the pages that show the call button.');
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

/** The fields of an empty or JSON-object body; undefined for anything else. */
function fieldsOf(body: string): Record<string, unknown> | undefined {
  if (!body.trim()) return {};
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
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

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
import { endpoint, until, type Endpoint, type EndpointOptions } from './endpoint.js';
import { identityClient } from './identity.js';
import { signSession, verifySession } from './session.js';
import type { RateLimit } from './store.js';
import type { VisitorVerifier } from './visitor.js';

export interface TokenServiceOptions extends EndpointOptions {
  /** The ACS resource's connection string (`endpoint=https://…;accesskey=…`). Keep it on the server. */
  connectionString?: string;
  /** Instead of a connection string: the ACS resource's URL (`https://<name>.communication.azure.com`)… */
  endpoint?: string;
  /** …and a Microsoft Entra credential for it, such as `new DefaultAzureCredential()` for a managed identity. */
  credential?: TokenCredential;
  /** 60 to 1440 (the service's limits). */
  tokenLifetimeMinutes?: number;
  /**
   * Signs the `session` that lets a refresh get a token for the same user (at least 32 characters). Without it a random
   * secret is made per process: set the same secret on every instance when more than one serves the token URL.
   */
  sessionSecret?: string;
  /** How long a session may refresh tokens, 1 to 48 hours (default 24): longer than any call. */
  sessionLifetimeHours?: number;
  /** Tokens one client address may get (default 10 a minute); `false` turns it off. */
  rateLimit?: RateLimit | false;
  /** Tokens all clients together may get (default 600 a minute): a cap on what the resource can be made to spend. */
  globalRateLimit?: RateLimit | false;
  /** Runs before a visit's first token is issued (refreshes carry the session instead): see `siteverifyVerifier`. */
  verifyVisitor?: VisitorVerifier;
  /** How long to wait for the identity service, in milliseconds (default 10,000). */
  upstreamTimeoutMs?: number;
}

const MIN_SECRET_LENGTH = 32;

export function createTokenService(options: TokenServiceOptions): Endpoint {
  const { tokenLifetimeMinutes = 60, sessionLifetimeHours = 24, upstreamTimeoutMs = 10_000, verifyVisitor } = options;
  const identity = identityClient(options);
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
  const shape = {
    purpose: 'request call tokens',
    methods: ['POST' as const],
    counters: { address: 'address', global: 'global' },
    defaults: {
      rateLimit: { requests: 10, windowSeconds: 60 },
      globalRateLimit: { requests: 600, windowSeconds: 60 },
    },
    // The page reads expiresOn on this server's clock, which it learns from Date.
    exposeHeaders: 'Date',
  };

  return endpoint(shape, options, async (request, { fields, clientAddress, reply, logger }) => {
    const { session } = fields;
    if (session !== undefined && typeof session !== 'string') {
      return reply(400, { error: 'The session must be the string this server gave, as in {"session":"…"}.' });
    }
    const claims = session === undefined ? undefined : verifySession(session, secret);
    if (session !== undefined && !claims) {
      return reply(401, { error: 'The session is not valid or has expired; start a new call.' });
    }
    // Bounded, and given up as soon as the visitor's browser gives up.
    const upstream = AbortSignal.any([AbortSignal.timeout(upstreamTimeoutMs), request.signal]);

    let displayName: string | undefined;
    if (!claims && verifyVisitor) {
      try {
        const verdict = await verifyVisitor({ header: request.header, body: fields, clientAddress, signal: upstream });
        if (!verdict.ok) {
          const status = verdict.status ?? 403;
          return reply(status, { error: `The visitor check failed: ${verdict.reason}.`, code: 'visitor-check-failed' });
        }
        displayName = verdict.displayName;
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
      // A name the visitor check vouches for (a signed-in employee's) is the one the Teams user sees.
      return reply(200, {
        token,
        expiresOn: expiresOn.toISOString(),
        session: issued,
        ...(displayName && { displayName }),
      });
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      const detail = upstream.aborted
        ? `the identity service did not answer within ${upstreamTimeoutMs} ms`
        : status
          ? `the identity service answered ${status}`
          : 'the identity service could not be reached';
      if (!request.signal.aborted) {
        const hint = status === 401 || status === 403 ? ' (check the access key or the credential’s role)' : '';
        logger.error(`${detail}${hint}.`);
      }
      return reply(upstream.aborted ? 504 : 502, { error: `No call token could be issued: ${detail}.` });
    }
  });
}

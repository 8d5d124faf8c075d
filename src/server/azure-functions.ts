/**
 * The token provider as an Azure Functions HTTP handler (the v4 programming model):
 *
 * ```js
 * app.http('acsToken', { route: 'acs-token', methods: ['POST', 'OPTIONS'], authLevel: 'anonymous',
 *   handler: createTokenFunction({ connectionString: process.env.ACS_CONNECTION_STRING, allowedOrigins: […] }) });
 * ```
 *
 * The Functions front end is the one proxy in front of the function and writes the client's address into
 * `X-Forwarded-For`, so `trustProxy` is 1 unless set. Run more than one instance (any plan that scales out) with a
 * shared `store`: `connectRedisStore(process.env.REDIS_URL)`.
 */
import type { HttpHandler, HttpRequest, HttpResponseInit } from '@azure/functions';
import { MAX_BODY_BYTES, type Endpoint } from './endpoint.js';
import { createCallbackService, type CallbackServiceOptions } from './callback.js';
import { createPresenceService, type PresenceServiceOptions } from './presence.js';
import { createTokenService, type TokenServiceOptions } from './token-service.js';

/** The token endpoint: `POST` → `{ token, expiresOn, session }`. */
export function createTokenFunction(options: TokenServiceOptions): HttpHandler {
  return toFunction(createTokenService({ trustProxy: 1, ...options }));
}

/** The availability endpoint: `GET ?users=…` → `{ availability, refreshSeconds }`. */
export function createPresenceFunction(options: PresenceServiceOptions): HttpHandler {
  return toFunction(createPresenceService({ trustProxy: 1, ...options }));
}

/** The callback endpoint: `POST` a callback request → delivered once to its destination. */
export function createCallbackFunction(options: CallbackServiceOptions): HttpHandler {
  return toFunction(createCallbackService({ trustProxy: 1, ...options }));
}

function toFunction(endpoint: Endpoint): HttpHandler {
  return async (request: HttpRequest): Promise<HttpResponseInit> => {
    const url = new URL(request.url);
    const reply = await endpoint({
      method: request.method,
      url: `${url.pathname}${url.search}`,
      header: (name) => request.headers.get(name) ?? undefined,
      body: await boundedText(request),
      socketAddress: undefined,
      signal: new AbortController().signal, // the host does not say when a client leaves
    });
    return { status: reply.status, headers: reply.headers, jsonBody: reply.body };
  };
}

async function boundedText(request: HttpRequest): Promise<string | undefined> {
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return undefined;
  const text = await request.text();
  return Buffer.byteLength(text) > MAX_BODY_BYTES ? undefined : text;
}

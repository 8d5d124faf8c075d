/**
 * What every endpoint of the server does before its own work, in one place: only allowed origins (with CORS and the
 * preflight), only its methods, a bounded body, the client's address as the proxies in front tell it, and its limits
 * per address and for all clients together. The token, presence and callback endpoints differ only after that.
 */
import { clientAddressReader, type TrustProxy } from './client-address.js';
import { consoleLogger, type Logger } from './logger.js';
import { memoryStore, type RateLimit, type SharedStore } from './store.js';

/** A request as the endpoints read it, from whichever server runs them. */
export interface ServerRequest {
  method: string;
  /** The path and query, as in `/api/availability?users=…`. */
  url: string;
  /** A request header, by name in any case. */
  header(name: string): string | undefined;
  /** The body as text; undefined when it was over {@link MAX_BODY_BYTES}. */
  body: string | undefined;
  /** The address of the socket's peer: the client, or the nearest proxy. */
  socketAddress: string | undefined;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
}

export interface ServerReply {
  status: number;
  headers: Record<string, string>;
  body?: object;
}

export type Endpoint = (request: ServerRequest) => Promise<ServerReply>;

/** What every endpoint takes besides its own options. */
export interface EndpointOptions {
  /** Origins whose pages may call it, e.g. `['https://www.contoso.com']`. Requests from other origins get 403. */
  allowedOrigins: string[];
  /** Requests one client address may make; `false` turns it off, behind a gateway that limits already. */
  rateLimit?: RateLimit | false;
  /** Requests all clients together may make: a cap on what the endpoint can be made to spend. */
  globalRateLimit?: RateLimit | false;
  /** Where limits and shared state are kept: this process by default; `connectRedisStore(url)` across instances. */
  store?: SharedStore;
  /**
   * Which proxies in front of the server may name the client in `X-Forwarded-For`: the number of them that append to
   * it, or their addresses and CIDR ranges. Off by default: then every visitor behind a proxy shares its address.
   */
  trustProxy?: TrustProxy;
  /** Where warnings and failures are reported; no message holds a secret. Defaults to the console. */
  logger?: Logger;
}

/** What an endpoint's own work gets: the JSON body's fields, the client's address, and a way to answer. */
export interface Admitted {
  fields: Record<string, unknown>;
  query: URLSearchParams;
  clientAddress: string;
  reply(status: number, body?: object, extraHeaders?: Record<string, string>): ServerReply;
  store: SharedStore;
  logger: Logger;
}

/** The most any endpoint reads: a session and a bot check's response, or a callback request's fields. */
export const MAX_BODY_BYTES = 8192;

interface EndpointShape {
  /** What it does, for messages: "request call tokens". */
  purpose: string;
  methods: ('GET' | 'POST')[];
  /** Its counters' names in the store, so that endpoints never share a count. */
  counters: { address: string; global: string };
  defaults: { rateLimit: RateLimit; globalRateLimit: RateLimit };
  /** Response headers the page may read. */
  exposeHeaders?: string;
}

export function endpoint(
  shape: EndpointShape,
  options: EndpointOptions,
  work: (request: ServerRequest, admitted: Admitted) => Promise<ServerReply>,
): Endpoint {
  const origins = readOrigins(options.allowedOrigins);
  const trustsProxies = options.trustProxy !== undefined && options.trustProxy !== false && options.trustProxy !== 0;
  const clientAddress = clientAddressReader(options.trustProxy);
  const store = options.store ?? memoryStore();
  const perAddress =
    options.rateLimit === false
      ? undefined
      : store.counter(shape.counters.address, options.rateLimit ?? shape.defaults.rateLimit);
  const overall =
    options.globalRateLimit === false
      ? undefined
      : store.counter(shape.counters.global, options.globalRateLimit ?? shape.defaults.globalRateLimit);
  const logger = options.logger ?? consoleLogger;
  const allowed = [...shape.methods, 'OPTIONS'].join(', ');
  let warnedOfProxy = false;

  return async (request) => {
    const headers: Record<string, string> = { 'Cache-Control': 'no-store', Vary: 'Origin' };
    const reply = (status: number, body?: object, extraHeaders: Record<string, string> = {}): ServerReply => ({
      status,
      headers: { ...headers, ...extraHeaders, ...(body ? { 'Content-Type': 'application/json; charset=utf-8' } : {}) },
      body,
    });
    const origin = request.header('origin');
    if (!origin || !(origins.has(origin) || origins.has('*'))) {
      return reply(403, { error: `This origin may not ${shape.purpose}.` });
    }
    headers['Access-Control-Allow-Origin'] = origin;
    // Credentials (the page's cookies) only for origins named one by one: never for every origin at once.
    if (!origins.has('*')) headers['Access-Control-Allow-Credentials'] = 'true';
    if (shape.exposeHeaders) headers['Access-Control-Expose-Headers'] = shape.exposeHeaders;

    if (request.method === 'OPTIONS') {
      headers['Access-Control-Allow-Methods'] = shape.methods.join(', ');
      headers['Access-Control-Allow-Headers'] = request.header('access-control-request-headers') ?? 'content-type';
      headers['Access-Control-Max-Age'] = '600';
      return reply(204);
    }
    if (!(shape.methods as string[]).includes(request.method)) {
      return reply(405, { error: `Use ${shape.methods.join(' or ')} to ${shape.purpose}.` }, { Allow: allowed });
    }
    if (request.body === undefined) {
      return reply(413, { error: `The request body is over ${MAX_BODY_BYTES} bytes.` });
    }
    const fields = fieldsOf(request.body);
    if (!fields) return reply(400, { error: 'The request body must be empty or a JSON object.' });

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
      return reply(
        429,
        { error: `Too many requests; try again in ${retryAfter} seconds.` },
        { 'Retry-After': String(retryAfter) },
      );
    }
    const query = new URL(request.url, 'http://server').searchParams;
    return work(request, { fields, query, clientAddress: address, reply, store, logger });
  };
}

/** Origins as browsers send them (`https://host[:port]`, lower case, no path): anything else would never match. */
function readOrigins(allowedOrigins: unknown): Set<string> {
  if (!Array.isArray(allowedOrigins) || allowedOrigins.length === 0) {
    throw new Error('The server needs allowedOrigins: the origins of the pages that show the call button.');
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
export function until<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

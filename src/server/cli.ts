/**
 * `teams-call-button-server`: the token provider as a server, configured by environment variables only, for a
 * container or any host that runs Node. It serves `POST /api/acs-token` and `GET /healthz`, logs one JSON line per
 * event with no secret and no visitor's address, and on SIGTERM stops taking requests, finishes the ones under way and
 * exits. A configuration it cannot use stops it at start with a message that says what to fix.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from './logger.js';
import { connectRedisStore, memoryStore, type RateLimit } from './store.js';
import { createTokenHandler } from './node.js';
import type { TokenServiceOptions } from './token-service.js';
import { siteverifyVerifier, TURNSTILE_SITEVERIFY } from './visitor.js';

const TOKEN_PATH = '/api/acs-token';
const HEALTH_PATH = '/healthz';
const SHUTDOWN_GRACE_MS = 10_000;

type Env = Record<string, string | undefined>;

function log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
  (level === 'info' ? process.stdout : process.stderr).write(`${line}\n`);
}

const jsonLogger: Logger = { warn: (message) => log('warn', message), error: (message) => log('error', message) };

/** The handler's options from the environment; throws with the variable to fix. */
async function optionsFrom(env: Env): Promise<TokenServiceOptions> {
  const connectionString = env.ACS_CONNECTION_STRING?.trim();
  const endpoint = env.ACS_ENDPOINT?.trim();
  if (!connectionString && !endpoint) {
    throw new Error(
      'Set ACS_CONNECTION_STRING (Azure portal: Communication Services → Keys), or ACS_ENDPOINT to use a managed ' +
        'identity.',
    );
  }
  const access: Pick<TokenServiceOptions, 'connectionString' | 'endpoint' | 'credential'> = connectionString
    ? { connectionString }
    : { endpoint, credential: await defaultCredential() };
  const allowedOrigins = list(env.ALLOWED_ORIGINS);
  if (allowedOrigins.length === 0) {
    throw new Error('Set ALLOWED_ORIGINS to the origins of the pages that show the button, comma-separated.');
  }
  if (env.REDIS_URL && !env.SESSION_SECRET) {
    throw new Error(
      'Set SESSION_SECRET (32 characters or more, the same on every instance): with REDIS_URL more than one ' +
        'instance serves tokens, and each must accept the sessions the others issued.',
    );
  }
  const turnstileSecret = env.TURNSTILE_SECRET_KEY?.trim();
  return {
    ...access,
    allowedOrigins,
    sessionSecret: env.SESSION_SECRET || undefined,
    tokenLifetimeMinutes: number(env, 'TOKEN_LIFETIME_MINUTES'),
    rateLimit: rateLimit(env, 'RATE_LIMIT'),
    globalRateLimit: rateLimit(env, 'GLOBAL_RATE_LIMIT'),
    trustProxy: trustProxy(env.TRUST_PROXY),
    verifyVisitor: turnstileSecret
      ? siteverifyVerifier({
          secretKey: turnstileSecret,
          hostnames: list(env.TURNSTILE_HOSTNAMES),
          action: env.TURNSTILE_ACTION || undefined,
          url: env.SITEVERIFY_URL || TURNSTILE_SITEVERIFY,
        })
      : undefined,
    logger: jsonLogger,
  };
}

async function defaultCredential() {
  try {
    const { DefaultAzureCredential } = await import('@azure/identity');
    return new DefaultAzureCredential();
  } catch {
    throw new Error(
      'ACS_ENDPOINT needs the @azure/identity package for its managed identity: npm install @azure/identity',
    );
  }
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function number(env: Env, name: string): number | undefined {
  const value = env[name]?.trim();
  if (!value) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a whole number; it is "${value}".`);
  return Number(value);
}

/** `10/60` is 10 requests per 60 seconds; `off` turns the limit off. */
function rateLimit(env: Env, name: string): RateLimit | false | undefined {
  const value = env[name]?.trim();
  if (!value) return undefined;
  if (value === 'off') return false;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  if (!match) throw new Error(`${name} must be requests/seconds, such as 10/60, or off; it is "${value}".`);
  return { requests: Number(match[1]), windowSeconds: Number(match[2]) };
}

/** A hop count (`1`), or trusted proxy addresses and CIDR ranges (`10.0.0.0/8,fd00::/8`). */
function trustProxy(value: string | undefined): TokenServiceOptions['trustProxy'] {
  const trimmed = value?.trim();
  if (!trimmed) return false;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : list(trimmed);
}

async function main(env: Env): Promise<void> {
  const port = number(env, 'PORT') ?? 8080;
  const options = await optionsFrom(env);
  const store = env.REDIS_URL ? await connectRedisStore(env.REDIS_URL, { logger: jsonLogger }) : memoryStore();
  let handler;
  try {
    handler = createTokenHandler({ ...options, store });
  } catch (error) {
    await store.close();
    throw error;
  }

  let stopping = false;
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const path = new URL(req.url ?? '/', 'http://server').pathname;
    res.on('finish', () => {
      log('info', 'request', {
        method: req.method,
        path,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
      });
      // While stopping, a kept-alive connection closes as soon as its last answer is out.
      if (stopping) setImmediate(() => server.closeIdleConnections());
    });
    if (path === TOKEN_PATH) return handler(req, res);
    if (path === HEALTH_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      // Up while Redis is away: the instance still serves, with its own counts (see the store).
      const reachable = await store.reachable();
      const body = JSON.stringify({ status: reachable ? 'ok' : 'degraded', store: store.kind });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(body);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'Not found.' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  const address = server.address();
  log('info', 'listening', {
    port: typeof address === 'object' && address ? address.port : port,
    store: store.kind,
    tokenPath: TOKEN_PATH,
  });

  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', 'stopping', { signal });
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    server.close(async () => {
      clearTimeout(force);
      await store.close();
      log('info', 'stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main(process.env).catch((error: unknown) => {
  log('error', `not started: ${(error as Error).message}`);
  process.exit(1);
});

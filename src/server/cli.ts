/**
 * `teams-call-button-server`: the server as one process, configured by environment variables only, for a container or
 * any host that runs Node. It serves `POST /api/acs-token`, and, when configured, `GET /api/availability` and
 * `POST /api/callback`, with `GET /healthz`; it logs one JSON line per event with no secret and no visitor's address,
 * and on SIGTERM stops taking requests, finishes the ones under way and exits. A configuration it cannot use stops it
 * at start with a message that says what to fix.
 */
import type { TokenCredential } from '@azure/core-auth';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { CallbackServiceOptions } from './callback.js';
import type { EndpointOptions } from './endpoint.js';
import type { Logger } from './logger.js';
import { createCallbackHandler, createPresenceHandler, createTokenHandler, type NodeHandler } from './node.js';
import type { PresenceServiceOptions } from './presence.js';
import { connectRedisStore, memoryStore, type RateLimit, type SharedStore } from './store.js';
import type { TokenServiceOptions } from './token-service.js';
import { everyVisitorCheck, siteverifyVerifier, TURNSTILE_SITEVERIFY, type VisitorVerifier } from './visitor.js';
import { entraVerifier } from './entra.js';

const HEALTH_PATH = '/healthz';
const SHUTDOWN_GRACE_MS = 10_000;

type Env = Record<string, string | undefined>;

function log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
  (level === 'info' ? process.stdout : process.stderr).write(`${line}\n`);
}

const jsonLogger: Logger = { warn: (message) => log('warn', message), error: (message) => log('error', message) };

/** The endpoints the environment asks for, by path, each made once the store is there. */
type Routes = Record<string, (common: EndpointOptions & { store: SharedStore }) => NodeHandler>;

async function routesFrom(env: Env): Promise<{ common: Omit<EndpointOptions, 'store'>; routes: Routes }> {
  const allowedOrigins = list(env.ALLOWED_ORIGINS);
  if (allowedOrigins.length === 0) {
    throw new Error('Set ALLOWED_ORIGINS to the origins of the pages that show the button, comma-separated.');
  }
  const common = { allowedOrigins, trustProxy: trustProxy(env.TRUST_PROXY), logger: jsonLogger };
  const token = await tokenOptionsFrom(env);
  const routes: Routes = { '/api/acs-token': (shared) => createTokenHandler({ ...token, ...shared }) };
  const presence = await presenceOptionsFrom(env);
  if (presence) routes['/api/availability'] = (shared) => createPresenceHandler({ ...presence, ...shared });
  const callback = callbackOptionsFrom(env);
  if (callback) routes['/api/callback'] = (shared) => createCallbackHandler({ ...callback, ...shared });
  return { common, routes };
}

/** The availability endpoint's options, when PRESENCE_USERS lists the experts whose availability pages may see. */
async function presenceOptionsFrom(env: Env): Promise<Omit<PresenceServiceOptions, keyof EndpointOptions> | undefined> {
  const users = list(env.PRESENCE_USERS);
  if (users.length === 0) return undefined;
  return {
    users,
    credential: await graphCredential(env),
    pollIntervalSeconds: number(env, 'PRESENCE_POLL_SECONDS'),
    graphUrl: env.GRAPH_URL || undefined,
  };
}

/**
 * Microsoft Graph's credential: the app's client secret or certificate when GRAPH_CLIENT_ID is set, else the managed
 * identity. A GRAPH_AUTHORITY_HOST (a national cloud's, Azure Stack's) is taken as given, without instance discovery.
 */
async function graphCredential(env: Env): Promise<TokenCredential> {
  const identity = await azureIdentity('PRESENCE_USERS');
  const tenantId = env.GRAPH_TENANT_ID?.trim();
  const clientId = env.GRAPH_CLIENT_ID?.trim();
  if (!clientId) return new identity.DefaultAzureCredential();
  if (!tenantId) throw new Error('Set GRAPH_TENANT_ID, the directory (tenant) ID of the app in GRAPH_CLIENT_ID.');
  const authorityHost = env.GRAPH_AUTHORITY_HOST || undefined;
  const options = { authorityHost, disableInstanceDiscovery: Boolean(authorityHost) };
  if (env.GRAPH_CLIENT_SECRET) {
    return new identity.ClientSecretCredential(tenantId, clientId, env.GRAPH_CLIENT_SECRET, options);
  }
  if (env.GRAPH_CLIENT_CERTIFICATE_PATH) {
    return new identity.ClientCertificateCredential(
      tenantId,
      clientId,
      { certificatePath: env.GRAPH_CLIENT_CERTIFICATE_PATH },
      options,
    );
  }
  throw new Error('With GRAPH_CLIENT_ID, set GRAPH_CLIENT_SECRET or GRAPH_CLIENT_CERTIFICATE_PATH.');
}

/** The callback endpoint's options, when a destination is set. */
function callbackOptionsFrom(env: Env): Omit<CallbackServiceOptions, keyof EndpointOptions> | undefined {
  if (env.CALLBACK_TEAMS_WORKFLOW_URL) return { destination: { teamsWorkflowUrl: env.CALLBACK_TEAMS_WORKFLOW_URL } };
  if (env.CALLBACK_WEBHOOK_URL) {
    const secret = env.CALLBACK_WEBHOOK_SECRET || undefined;
    return { destination: { webhookUrl: env.CALLBACK_WEBHOOK_URL, secret } };
  }
  return undefined;
}

/** The token endpoint's options from the environment; throws with the variable to fix. */
async function tokenOptionsFrom(env: Env): Promise<Omit<TokenServiceOptions, 'allowedOrigins'>> {
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
    : { endpoint, credential: new (await azureIdentity('ACS_ENDPOINT')).DefaultAzureCredential() };
  if (env.REDIS_URL && !env.SESSION_SECRET) {
    throw new Error(
      'Set SESSION_SECRET (32 characters or more, the same on every instance): with REDIS_URL more than one ' +
        'instance serves tokens, and each must accept the sessions the others issued.',
    );
  }
  const turnstileSecret = env.TURNSTILE_SECRET_KEY?.trim();
  const entraTenant = env.ENTRA_TENANT_ID?.trim();
  const checks: VisitorVerifier[] = [];
  if (entraTenant) {
    checks.push(
      entraVerifier({
        tenantId: entraTenant,
        audience: list(env.ENTRA_AUDIENCE),
        allowedGroups: list(env.ENTRA_ALLOWED_GROUPS),
        allowedRoles: list(env.ENTRA_ALLOWED_ROLES),
        jwksUrl: env.ENTRA_JWKS_URL || undefined,
      }),
    );
  }
  if (turnstileSecret) {
    checks.push(
      siteverifyVerifier({
        secretKey: turnstileSecret,
        hostnames: list(env.TURNSTILE_HOSTNAMES),
        action: env.TURNSTILE_ACTION || undefined,
        url: env.SITEVERIFY_URL || TURNSTILE_SITEVERIFY,
      }),
    );
  }
  return {
    ...access,
    sessionSecret: env.SESSION_SECRET || undefined,
    tokenLifetimeMinutes: number(env, 'TOKEN_LIFETIME_MINUTES'),
    rateLimit: rateLimit(env, 'RATE_LIMIT'),
    globalRateLimit: rateLimit(env, 'GLOBAL_RATE_LIMIT'),
    verifyVisitor: checks.length ? everyVisitorCheck(...checks) : undefined,
  };
}

async function azureIdentity(variable: string): Promise<typeof import('@azure/identity')> {
  try {
    return await import('@azure/identity');
  } catch {
    throw new Error(`${variable} needs the @azure/identity package for its credential: npm install @azure/identity`);
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
  const { common, routes } = await routesFrom(env);
  const store = env.REDIS_URL ? await connectRedisStore(env.REDIS_URL, { logger: jsonLogger }) : memoryStore();
  const handlers = new Map<string, NodeHandler>();
  try {
    for (const [path, create] of Object.entries(routes)) handlers.set(path, create({ ...common, store }));
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
    const handler = handlers.get(path);
    if (handler) return handler(req, res);
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
    paths: [...handlers.keys()],
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

/**
 * The availability endpoint: whether the experts a page's buttons call are Available, Busy, Away… from their Teams
 * presence, read from Microsoft Graph with an application permission (`Presence.Read.All`).
 *
 * `GET ?users=<Entra object ID>,…` answers `{ availability: { "<id>": "Busy" }, refreshSeconds }` for IDs on the
 * configured list only: an employee's presence is not public data. Nothing else Graph returns (activity, status
 * message, out-of-office text) leaves the server.
 *
 * Graph is asked on demand, at most once per interval for the whole list in one batched request, whatever the number of
 * pages open: the answer is cached in the store (shared by every instance with Redis), and one instance at a time holds
 * the right to ask. Graph's limit (1,500 presence requests per 30 s per app and tenant) is never near.
 */
import type { TokenCredential } from '@azure/core-auth';
import { randomUUID } from 'node:crypto';
import { endpoint, type Endpoint, type EndpointOptions } from './endpoint.js';
import type { RateLimit, SharedStore } from './store.js';

export type Availability =
  'Available' | 'Busy' | 'DoNotDisturb' | 'Away' | 'BeRightBack' | 'Offline' | 'PresenceUnknown';

export interface PresenceServiceOptions extends EndpointOptions {
  /** The Entra object IDs of the experts whose availability pages may see; no one else's is ever told or asked for. */
  users: string[];
  /**
   * A Microsoft Entra credential of an app with the `Presence.Read.All` application permission, admin-consented:
   * `ClientSecretCredential`, `ClientCertificateCredential`, or a managed identity's.
   */
  credential: TokenCredential;
  /** Graph is asked at most once per this many seconds (default 30). */
  pollIntervalSeconds?: number;
  /** Microsoft Graph's base URL (default `https://graph.microsoft.com/v1.0`): a national cloud's, say. */
  graphUrl?: string;
  /** Requests one client address may make (default 60 a minute: a page with a few buttons, polling). */
  rateLimit?: RateLimit | false;
  /** Requests all clients together may make (default 6,000 a minute; Graph is asked once per interval regardless). */
  globalRateLimit?: RateLimit | false;
  /** How long to wait for Graph, in milliseconds (default 10,000). */
  upstreamTimeoutMs?: number;
}

interface Snapshot {
  /** When Graph answered, in ms. */
  at: number;
  availability: Record<string, Availability>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KNOWN: ReadonlySet<string> = new Set<Availability>([
  'Available',
  'Busy',
  'DoNotDisturb',
  'Away',
  'BeRightBack',
  'Offline',
  'PresenceUnknown',
]);
/** Graph's idle variants read as their base state; anything else is unknown. */
const IDLE: Record<string, Availability> = { AvailableIdle: 'Available', BusyIdle: 'Busy' };
/** Graph takes up to 650 IDs in one getPresencesByUserId request. */
const GRAPH_BATCH = 650;
const MAX_USERS_PER_REQUEST = 20;
const SNAPSHOT_KEY = 'presence:snapshot';
const POLL_LOCK_KEY = 'presence:poll';
/** The lock's value during a pause after Graph throttled or failed (else it is the polling instance's ID). */
const PAUSED = 'paused';

export function createPresenceService(options: PresenceServiceOptions): Endpoint {
  const { pollIntervalSeconds = 30, upstreamTimeoutMs = 10_000 } = options;
  const users = readUsers(options.users);
  if (typeof options.credential?.getToken !== 'function') {
    throw new Error(
      'The availability endpoint needs a credential for Microsoft Graph: a TokenCredential from @azure/identity for an ' +
        'app with the Presence.Read.All application permission.',
    );
  }
  if (!(pollIntervalSeconds >= 1)) throw new Error('pollIntervalSeconds must be 1 or more (30 is the default).');
  const graph = readGraphUrl(options.graphUrl ?? 'https://graph.microsoft.com/v1.0');
  const scope = `${new URL(graph).origin}/.default`;
  const instance = randomUUID();
  let polling: Promise<Snapshot | undefined> | undefined;

  const shape = {
    purpose: 'read availability',
    methods: ['GET' as const],
    counters: { address: 'presence-address', global: 'presence-global' },
    defaults: {
      rateLimit: { requests: 60, windowSeconds: 60 },
      globalRateLimit: { requests: 6000, windowSeconds: 60 },
    },
  };

  /** The freshest snapshot there is: cached if young enough, else from Graph by this instance if no other is asking. */
  async function snapshot(store: SharedStore, report: (message: string) => void): Promise<Snapshot | undefined> {
    const cached = parseSnapshot(await store.get(SNAPSHOT_KEY));
    if (cached && Date.now() - cached.at < pollIntervalSeconds * 1000) return cached;
    polling ??= (async () => {
      try {
        // One instance asks per interval; the others answer from what it stores.
        if (!(await store.claim(POLL_LOCK_KEY, instance, pollIntervalSeconds)))
          return await awaitSnapshot(store, cached);
        const fresh = await poll(store, report);
        return fresh ?? cached;
      } finally {
        polling = undefined;
      }
    })();
    return polling;
  }

  async function poll(store: SharedStore, report: (message: string) => void): Promise<Snapshot | undefined> {
    const signal = AbortSignal.timeout(upstreamTimeoutMs);
    try {
      const { token } = (await options.credential.getToken(scope, { abortSignal: signal })) ?? {};
      if (!token) throw new Error('the credential gave no token for Microsoft Graph');
      const availability: Record<string, Availability> = Object.fromEntries(
        users.map((id) => [id, 'PresenceUnknown' as Availability]),
      );
      for (let start = 0; start < users.length; start += GRAPH_BATCH) {
        const response = await fetch(`${graph}/communications/getPresencesByUserId`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ ids: users.slice(start, start + GRAPH_BATCH) }),
          signal,
        });
        if (response.status === 429) {
          // Graph asks for a pause: no instance asks again before it is over.
          const retryAfter = Math.max(Number(response.headers.get('Retry-After')) || 0, pollIntervalSeconds);
          await store.set(POLL_LOCK_KEY, PAUSED, retryAfter);
          report(`Microsoft Graph throttled presence reads; asking again in ${retryAfter} s.`);
          return undefined;
        }
        if (!response.ok) {
          const hint =
            response.status === 403
              ? ' (grant Presence.Read.All as an application permission, with admin consent)'
              : '';
          throw new Error(`Microsoft Graph answered ${response.status}${hint}`);
        }
        const { value } = (await response.json()) as { value?: { id?: unknown; availability?: unknown }[] };
        for (const entry of value ?? []) {
          const id = String(entry.id ?? '').toLowerCase();
          if (id in availability) availability[id] = availabilityOf(entry.availability);
        }
      }
      const fresh = { at: Date.now(), availability };
      // Kept past its interval, so that a Graph outage is answered with the last known state rather than nothing.
      await store.set(SNAPSHOT_KEY, JSON.stringify(fresh), Math.max(pollIntervalSeconds * 10, 300));
      return fresh;
    } catch (error) {
      // The lock stays for the interval: until then every instance answers at once with what it has.
      await store.set(POLL_LOCK_KEY, PAUSED, pollIntervalSeconds);
      report(`presence could not be read: ${(error as Error).message}.`);
      return undefined;
    }
  }

  /**
   * Another instance holds the right to ask Graph: its answer as soon as it is in the store, or, during a pause after
   * Graph throttled or failed, or when the asking takes too long, what there was.
   */
  async function awaitSnapshot(store: SharedStore, previous: Snapshot | undefined): Promise<Snapshot | undefined> {
    const deadline = Date.now() + Math.min(upstreamTimeoutMs, 3000);
    while (Date.now() < deadline && (await store.get(POLL_LOCK_KEY)) !== PAUSED) {
      const stored = parseSnapshot(await store.get(SNAPSHOT_KEY));
      if (stored && stored.at !== previous?.at) return stored;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return previous;
  }

  return endpoint(shape, options, async (_request, { query, reply, store, logger }) => {
    const asked = (query.get('users') ?? '')
      .split(',')
      .map((id) => id.trim().toLowerCase())
      .filter(Boolean);
    if (asked.length === 0 || asked.length > MAX_USERS_PER_REQUEST || !asked.every((id) => GUID.test(id))) {
      return reply(400, {
        error: `Ask as ?users=<Entra object ID>,… with 1 to ${MAX_USERS_PER_REQUEST} IDs.`,
      });
    }
    if (!asked.every((id) => users.includes(id))) {
      return reply(403, {
        error: 'This server tells the availability of its listed experts only.',
        code: 'not-listed',
      });
    }
    const current = await snapshot(store, (message) => logger.error(message));
    if (!current) {
      return reply(503, { error: 'Availability is not known yet; try again shortly.' }, { 'Retry-After': '5' });
    }
    const availability = Object.fromEntries(asked.map((id) => [id, current.availability[id] ?? 'PresenceUnknown']));
    return reply(200, { availability, refreshSeconds: pollIntervalSeconds });
  });
}

function availabilityOf(value: unknown): Availability {
  const text = String(value);
  return IDLE[text] ?? (KNOWN.has(text) ? (text as Availability) : 'PresenceUnknown');
}

function parseSnapshot(text: string | undefined): Snapshot | undefined {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as Snapshot;
    return typeof parsed.at === 'number' && parsed.availability ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function readUsers(users: unknown): string[] {
  if (!Array.isArray(users) || users.length === 0) {
    throw new Error('The availability endpoint needs users: the Entra object IDs of the experts it may tell about.');
  }
  for (const id of users) {
    if (typeof id !== 'string' || !GUID.test(id.trim())) {
      throw new Error(
        `users: "${String(id)}" is not an Entra object ID (a GUID such as 6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b).`,
      );
    }
  }
  return [...new Set(users.map((id: string) => id.trim().toLowerCase()))];
}

function readGraphUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`graphUrl "${url}" is not a URL.`);
  }
  if (parsed.protocol !== 'https:') throw new Error(`graphUrl "${url}" must be an https: URL.`);
  return parsed.href.replace(/\/$/, '');
}

/**
 * Where the server keeps what its instances must share: rate-limit counts, the presence cache, callback requests already
 * delivered. In this process by default, or in Redis when more than one instance serves, so that N instances allow a
 * limit once and not N times, and ask Microsoft Graph once and not N times.
 *
 * While Redis cannot be reached, each instance keeps the same things in its own memory (neither open to every request
 * nor closed to every visitor), says so once, and goes back to the shared store when Redis answers again.
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import { consoleLogger, type Logger } from './logger.js';

export interface RateLimit {
  /** Requests allowed per window. */
  requests: number;
  windowSeconds: number;
}

/** Counts requests against one limit. */
export interface Counter {
  /** Counts a request for `key`; resolves to the seconds to wait when it is over the limit, else 0. */
  take(key: string): Promise<number>;
}

/** Short-lived values by key, each with its own time to live. */
export interface Entries {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** Sets `key` only if it is not set: true when this call set it (a lock, or a request seen for the first time). */
  claim(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  delete(key: string): Promise<void>;
}

export interface SharedStore extends Entries {
  readonly kind: 'memory' | 'redis';
  /** A counter of `limit`, its keys named after `name`. */
  counter(name: string, limit: RateLimit): Counter;
  /** Whether the store answers now; the in-process store always does. */
  reachable(): Promise<boolean>;
  close(): Promise<void>;
}

/** Keeps everything in this process: right for one instance, and the default. */
export function memoryStore(): SharedStore {
  return {
    kind: 'memory',
    ...memoryEntries(),
    counter: (name, limit) => counterOf(new RateLimiterMemory(limiterOptions(name, limit))),
    reachable: () => Promise.resolve(true),
    close: () => Promise.resolve(),
  };
}

/** Entries in a Map, each dropped when read or swept after its time; the sweep keeps memory to what is alive. */
function memoryEntries(): Entries {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  let nextSweep = 0;
  const alive = (key: string, now = Date.now()) => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now) entries.delete(key);
    return entry && entry.expiresAt > now ? entry : undefined;
  };
  const put = (key: string, value: string, ttlSeconds: number) => {
    const now = Date.now();
    if (now >= nextSweep) {
      nextSweep = now + 60_000;
      for (const [name, entry] of entries) if (entry.expiresAt <= now) entries.delete(name);
    }
    entries.set(key, { value, expiresAt: now + ttlSeconds * 1000 });
  };
  return {
    get: (key) => Promise.resolve(alive(key)?.value),
    set: (key, value, ttlSeconds) => Promise.resolve(put(key, value, ttlSeconds)),
    claim: (key, value, ttlSeconds) => {
      if (alive(key)) return Promise.resolve(false);
      put(key, value, ttlSeconds);
      return Promise.resolve(true);
    },
    delete: (key) => Promise.resolve(void entries.delete(key)),
  };
}

export interface RedisStoreOptions {
  /** Prefixes every key this store writes (default `teams-call-button`), for a Redis shared with other applications. */
  keyPrefix?: string;
  /** How long to wait for Redis at start, in milliseconds (default 5,000). */
  connectTimeoutMs?: number;
  /** Where the store says that Redis went away and came back. Defaults to the console. */
  logger?: Logger;
}

/**
 * Connects to Redis (`redis://` or `rediss://` URL, or an `ioredis` client you made) and resolves once it answers;
 * rejects with a message that names the server but not its password when it does not, so that a wrong `REDIS_URL`
 * stops the server at start and not at its first visitor. Needs the `ioredis` package.
 */
export async function connectRedisStore(target: string | Redis, options: RedisStoreOptions = {}): Promise<SharedStore> {
  const { keyPrefix = 'teams-call-button', connectTimeoutMs = 5000 } = options;
  const logger = options.logger ?? consoleLogger;
  const owned = typeof target === 'string';
  const where = owned ? redacted(target) : 'the given client';
  const client = owned ? await redisClient(target, connectTimeoutMs) : target;
  // The socket's own error (ECONNREFUSED, ENOTFOUND) says more than the command's "Connection is closed".
  let connectError: Error | undefined;
  const onConnectError = (error: Error) => (connectError ??= error);
  client.on('error', onConnectError);
  try {
    await withTimeout(owned ? client.connect() : Promise.resolve(), connectTimeoutMs);
    await withTimeout(client.ping(), connectTimeoutMs);
  } catch (error) {
    if (owned) client.disconnect();
    const reason = (connectError ?? (error as Error)).message?.replace(/\.$/, '') || 'no reply';
    throw new Error(`Redis at ${where} did not answer: ${reason}.`);
  } finally {
    client.off('error', onConnectError);
  }

  let outage = false;
  const onDown = (error?: Error) => {
    if (outage) return;
    outage = true;
    logger.warn(
      `Redis at ${where} is unreachable${error?.message ? ` (${error.message})` : ''}: ` +
        'each instance counts limits and keeps its cache on its own until it is back.',
    );
  };
  const onUp = () => {
    if (!outage) return;
    outage = false;
    logger.warn(`Redis at ${where} answers again: limits and cache are shared again.`);
  };
  client.on('error', onDown);
  client.on('close', onDown);
  client.on('ready', onUp);

  // While Redis is away, each instance keeps its entries here, as it keeps its counts in the insurance limiters.
  const local = memoryEntries();
  const shared = <T>(work: () => Promise<T>, fallback: () => Promise<T>) =>
    client.status === 'ready' ? work().catch(fallback) : fallback();
  const key = (name: string) => `${keyPrefix}:${name}`;
  return {
    kind: 'redis',
    get: (name) =>
      shared(
        async () => (await client.get(key(name))) ?? undefined,
        () => local.get(name),
      ),
    set: (name, value, ttlSeconds) =>
      shared(
        async () => void (await client.set(key(name), value, 'PX', ttlSeconds * 1000)),
        () => local.set(name, value, ttlSeconds),
      ),
    claim: (name, value, ttlSeconds) =>
      shared(
        async () => (await client.set(key(name), value, 'PX', ttlSeconds * 1000, 'NX')) === 'OK',
        () => local.claim(name, value, ttlSeconds),
      ),
    delete: (name) =>
      shared(
        async () => void (await client.del(key(name))),
        () => local.delete(name),
      ),
    counter: (name, limit) => {
      const options = limiterOptions(`${keyPrefix}:${name}`, limit);
      return counterOf(
        new RateLimiterRedis({
          ...options,
          storeClient: client,
          rejectIfRedisNotReady: true,
          insuranceLimiter: new RateLimiterMemory(options),
        }),
      );
    },
    reachable: async () => {
      try {
        await withTimeout(client.ping(), 1000);
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      client.off('error', onDown);
      client.off('close', onDown);
      client.off('ready', onUp);
      if (owned) await client.quit().catch(() => client.disconnect());
    },
  };
}

function limiterOptions(name: string, { requests, windowSeconds }: RateLimit) {
  if (!(Number.isInteger(requests) && requests > 0 && Number.isInteger(windowSeconds) && windowSeconds > 0)) {
    throw new Error(
      `The ${name} rate limit needs whole numbers above 0: { requests, windowSeconds }, got ` +
        `{ requests: ${requests}, windowSeconds: ${windowSeconds} }.`,
    );
  }
  return { keyPrefix: name, points: requests, duration: windowSeconds };
}

function counterOf(limiter: RateLimiterAbstract): Counter {
  return {
    take: async (key) => {
      try {
        await limiter.consume(key);
        return 0;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw rejection;
      }
    },
  };
}

async function redisClient(url: string, connectTimeoutMs: number): Promise<Redis> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(
      `The Redis URL "${redacted(url)}" is not a URL: write it as redis://host:6379 or rediss://host:6380.`,
    );
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(`The Redis URL "${redacted(url)}" must start with redis:// or rediss:// (TLS, as Azure uses).`);
  }
  let ioredis: typeof import('ioredis');
  try {
    ioredis = await import('ioredis');
  } catch {
    throw new Error('A Redis store needs the ioredis package: npm install ioredis');
  }
  return new ioredis.Redis(url, {
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    // A request must not wait for a reconnect: while Redis is away, counts go to each instance's memory at once.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
}

/** The URL without its password, for messages and logs. */
function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href.replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

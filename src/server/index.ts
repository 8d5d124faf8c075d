export { createTokenHandler, type TokenHandler, type TokenHandlerOptions } from './token-handler.js';
export { createTokenService, type TokenReply, type TokenRequest, type TokenServiceOptions } from './token-service.js';
export {
  connectRedisStore,
  memoryStore,
  type Counter,
  type LimitStore,
  type RateLimit,
  type RedisStoreOptions,
} from './store.js';
export {
  siteverifyVerifier,
  TURNSTILE_SITEVERIFY,
  type SiteverifyOptions,
  type VisitorRequest,
  type VisitorVerdict,
  type VisitorVerifier,
} from './visitor.js';
export type { TrustProxy } from './client-address.js';
export type { Logger } from './logger.js';

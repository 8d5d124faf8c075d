export {
  createCallbackHandler,
  createPresenceHandler,
  createTokenHandler,
  toNodeHandler,
  type NodeHandler,
} from './node.js';
export {
  createCallbackService,
  type CallbackDestination,
  type CallbackRequest,
  type CallbackServiceOptions,
} from './callback.js';
export { createPresenceService, type Availability, type PresenceServiceOptions } from './presence.js';
export { createTokenService, type TokenServiceOptions } from './token-service.js';
export type { Endpoint, EndpointOptions, ServerReply, ServerRequest } from './endpoint.js';
export {
  connectRedisStore,
  memoryStore,
  type Counter,
  type Entries,
  type SharedStore,
  type RateLimit,
  type RedisStoreOptions,
} from './store.js';
export { entraVerifier, type EntraVerifierOptions } from './entra.js';
export {
  everyVisitorCheck,
  siteverifyVerifier,
  TURNSTILE_SITEVERIFY,
  type SiteverifyOptions,
  type VisitorRequest,
  type VisitorVerdict,
  type VisitorVerifier,
} from './visitor.js';
export type { TrustProxy } from './client-address.js';
export type { Logger } from './logger.js';

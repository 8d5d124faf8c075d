export { createTokenHandler, type RateLimit, type TokenHandler, type TokenHandlerOptions } from './token-handler.js';

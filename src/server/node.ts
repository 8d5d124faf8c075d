/** The server's endpoints as standard `(req, res)` handlers for `node:http` and Express. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_BODY_BYTES, type Endpoint } from './endpoint.js';
import { createCallbackService, type CallbackServiceOptions } from './callback.js';
import { createPresenceService, type PresenceServiceOptions } from './presence.js';
import { createTokenService, type TokenServiceOptions } from './token-service.js';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** The token endpoint: `POST` → `{ token, expiresOn, session }`. */
export function createTokenHandler(options: TokenServiceOptions): NodeHandler {
  return toNodeHandler(createTokenService(options));
}

/** The availability endpoint: `GET ?users=…` → `{ availability, refreshSeconds }`. */
export function createPresenceHandler(options: PresenceServiceOptions): NodeHandler {
  return toNodeHandler(createPresenceService(options));
}

/** The callback endpoint: `POST` a callback request → delivered once to its destination. */
export function createCallbackHandler(options: CallbackServiceOptions): NodeHandler {
  return toNodeHandler(createCallbackService(options));
}

export function toNodeHandler(endpoint: Endpoint): NodeHandler {
  return async (req, res) => {
    const body = await readBody(req, MAX_BODY_BYTES);
    const reply = await endpoint({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      header: (name) => {
        const value = req.headers[name.toLowerCase()];
        return Array.isArray(value) ? value.join(', ') : value;
      },
      body,
      socketAddress: req.socket.remoteAddress,
      signal: closedSignal(req, res),
    });
    if (res.destroyed) return; // the browser left; no one to answer
    // A body left unread must not be taken for the next request on this connection.
    if (body === undefined) res.setHeader('Connection', 'close');
    res.writeHead(reply.status, reply.headers).end(reply.body ? JSON.stringify(reply.body) : undefined);
  };
}

/** An abort signal for a request whose client has gone away before its answer. */
function closedSignal(req: IncomingMessage, res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  const onClose = () => {
    if (!res.writableEnded) controller.abort();
  };
  res.once('close', onClose);
  req.once('aborted', onClose);
  return controller.signal;
}

/** Reads the body as text; undefined as soon as it grows past `limit`. */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve(undefined);
  // Express body parsers may have read it already.
  const parsed = (req as { body?: unknown }).body;
  if (req.readableEnded)
    return Promise.resolve(parsed && typeof parsed === 'object' ? JSON.stringify(parsed) : String(parsed ?? ''));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      resolve(undefined);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}

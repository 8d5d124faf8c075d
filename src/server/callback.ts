/**
 * The callback endpoint: when a call cannot happen, a visitor leaves a name, a phone number or an e-mail address and
 * their consent, and the request is passed on to where the experts will see it: a Teams Workflows URL (posted as an
 * Adaptive Card to a channel or chat) or any HTTPS webhook (posted as JSON). The same endpoint passes on a call's
 * intake as the expert's phone rings (`kind: 'calling'`): "Anna is calling about billing".
 *
 * Each request carries the page's `requestId`: it is delivered once however often the page sends it, and each delivery
 * attempt carries it as `Idempotency-Key`, so that a receiver whose answer was lost can recognise the retry. Failed
 * attempts are retried with growing pauses. The visitor's personal data is never logged.
 */
import { createHmac } from 'node:crypto';
import { endpoint, type Endpoint, type EndpointOptions } from './endpoint.js';
import type { RateLimit } from './store.js';

export type CallbackDestination =
  /** A Teams Workflows "when a Teams webhook request is received" URL: the request arrives as an Adaptive Card. */
  | { teamsWorkflowUrl: string }
  /** Any HTTPS endpoint: the request arrives as JSON, signed with `secret` (HMAC-SHA256) when one is given. */
  | { webhookUrl: string; secret?: string };

export interface CallbackServiceOptions extends EndpointOptions {
  destination: CallbackDestination;
  /** Requests one client address may send (default 5 an hour). */
  rateLimit?: RateLimit | false;
  /** Requests all clients together may send (default 200 an hour). */
  globalRateLimit?: RateLimit | false;
  /** Delivery attempts before the visitor is told it failed (default 4). */
  deliveryAttempts?: number;
  /** The pause before the first retry, doubled for each next one, in milliseconds (default 500). */
  retryDelayMs?: number;
  /** How long one attempt may take, in milliseconds (default 5,000). */
  upstreamTimeoutMs?: number;
}

/** Why the call did not happen, as the element tells it. */
const REASONS = ['closed', 'unavailable', 'declined', 'no-answer', 'unreachable'] as const;

export interface CallbackRequest {
  requestId: string;
  name: string;
  phone?: string;
  email?: string;
  preferredTime?: string;
  message?: string;
  /** The expert the button calls, as the page names them (`callee-name`). */
  expertName?: string;
  reason?: (typeof REASONS)[number];
}

/** A call with an intake is ringing: who is calling and about what, as the visitor said. */
export interface CallAnnouncement {
  kind: 'calling';
  requestId: string;
  name?: string;
  topic?: string;
  expertName?: string;
}

type Delivery = CallbackRequest | CallAnnouncement;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PHONE = /^\+?[0-9][0-9 ()./-]{4,31}$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
/** Kept long enough to recognise a page's retry, even the next morning. */
const DELIVERED_TTL_SECONDS = 24 * 3600;
/** While one attempt to deliver a request is under way, the same request again is told to wait. */
const PENDING = 'pending';
const DELIVERED = 'delivered';

export function createCallbackService(options: CallbackServiceOptions): Endpoint {
  const { deliveryAttempts = 4, retryDelayMs = 500, upstreamTimeoutMs = 5000 } = options;
  const destination = readDestination(options.destination);
  if (!(Number.isInteger(deliveryAttempts) && deliveryAttempts >= 1 && deliveryAttempts <= 10)) {
    throw new Error('deliveryAttempts must be a whole number from 1 to 10.');
  }
  const shape = {
    purpose: 'request a callback',
    methods: ['POST' as const],
    counters: { address: 'callback-address', global: 'callback-global' },
    defaults: {
      rateLimit: { requests: 5, windowSeconds: 3600 },
      globalRateLimit: { requests: 200, windowSeconds: 3600 },
    },
  };

  return endpoint(shape, options, async (request, { fields, reply, store, logger }) => {
    const checked = fields.kind === 'calling' ? readAnnouncement(fields) : readCallbackRequest(fields);
    if ('problem' in checked) return reply(400, { error: checked.problem, field: checked.field });
    const key = `callback:${checked.requestId.toLowerCase()}`;
    if (!(await store.claim(key, PENDING, DELIVERED_TTL_SECONDS))) {
      if ((await store.get(key)) === DELIVERED) return reply(200, { status: 'received', requestId: checked.requestId });
      return reply(409, { error: 'This request is being passed on; try again in a moment.' }, { 'Retry-After': '5' });
    }
    const origin = request.header('origin') ?? '';
    const outcome = await deliver(destination, checked, origin, { deliveryAttempts, retryDelayMs, upstreamTimeoutMs });
    if (outcome.delivered) {
      await store.set(key, DELIVERED, DELIVERED_TTL_SECONDS);
      return reply(200, { status: 'received', requestId: checked.requestId });
    }
    // Not delivered: the page may send it again, and then it is tried again.
    await store.delete(key);
    const what = 'kind' in checked ? 'call announcement' : 'callback request';
    logger.error(`${what} ${checked.requestId} was not delivered: ${outcome.problem}.`);
    return reply(502, { error: 'The request could not be passed on; please try again later.' });
  });
}

type Problem = { problem: string; field: string };

/** A field as text, trimmed: undefined when absent or blank, null when not text or over `max` characters. */
function textField(fields: Record<string, unknown>, name: string, max: number): string | undefined | null {
  const value = fields[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.trim().length > max) return null;
  return value.trim() || undefined;
}

function readRequestId(fields: Record<string, unknown>): string | Problem {
  const requestId = fields.requestId;
  if (typeof requestId === 'string' && UUID.test(requestId)) return requestId;
  return { problem: 'requestId must be a UUID that the page makes once per request.', field: 'requestId' };
}

/** A call's intake: a name (up to 256 characters, as the SDK allows for a display name), a topic, or both. */
function readAnnouncement(fields: Record<string, unknown>): CallAnnouncement | Problem {
  const requestId = readRequestId(fields);
  if (typeof requestId !== 'string') return requestId;
  const name = textField(fields, 'name', 256);
  if (name === null) return { problem: 'The name is over 256 characters.', field: 'name' };
  const topic = textField(fields, 'topic', 100);
  if (topic === null) return { problem: 'The topic is over 100 characters.', field: 'topic' };
  if (!name && !topic) return { problem: 'A name or a topic is needed.', field: 'topic' };
  const expertName = textField(fields, 'expertName', 100);
  if (expertName === null) return { problem: 'expertName is over 100 characters.', field: 'expertName' };
  return {
    kind: 'calling',
    requestId,
    ...(name && { name }),
    ...(topic && { topic }),
    ...(expertName && { expertName }),
  };
}

/** The request's fields, checked and trimmed; or what is wrong with it, for the form to show next to the field. */
function readCallbackRequest(fields: Record<string, unknown>): CallbackRequest | Problem {
  const text = (name: string, max: number) => textField(fields, name, max);
  const requestId = readRequestId(fields);
  if (typeof requestId !== 'string') return requestId;
  const name = text('name', 100);
  if (!name) return { problem: 'A name of up to 100 characters is needed.', field: 'name' };
  const phone = text('phone', 32);
  if (phone === null || (phone && !PHONE.test(phone))) {
    return { problem: 'The phone number is not one that can be called back.', field: 'phone' };
  }
  const email = text('email', 254);
  if (email === null || (email && !EMAIL.test(email))) {
    return { problem: 'The e-mail address is not one that can be written to.', field: 'email' };
  }
  if (!phone && !email) return { problem: 'A phone number or an e-mail address is needed.', field: 'phone' };
  const preferredTime = text('preferredTime', 100);
  if (preferredTime === null) return { problem: 'The preferred time is over 100 characters.', field: 'preferredTime' };
  const message = text('message', 1000);
  if (message === null) return { problem: 'The message is over 1,000 characters.', field: 'message' };
  const expertName = text('expertName', 100);
  if (expertName === null) return { problem: 'expertName is over 100 characters.', field: 'expertName' };
  const reason = fields.reason;
  if (reason !== undefined && !(REASONS as readonly unknown[]).includes(reason)) {
    return { problem: `reason must be one of ${REASONS.join(', ')}.`, field: 'reason' };
  }
  if (fields.consent !== true) {
    return { problem: 'The visitor’s consent to be contacted is needed.', field: 'consent' };
  }
  return {
    requestId,
    name,
    ...(phone && { phone }),
    ...(email && { email }),
    ...(preferredTime && { preferredTime }),
    ...(message && { message }),
    ...(expertName && { expertName }),
    ...(reason !== undefined && { reason: reason as CallbackRequest['reason'] }),
  };
}

interface Destination {
  url: string;
  body(request: Delivery, origin: string, receivedAt: string): string;
  secret?: string;
}

function readDestination(destination: unknown): Destination {
  const given = (destination ?? {}) as Partial<{ teamsWorkflowUrl: unknown; webhookUrl: unknown; secret: unknown }>;
  if (given.teamsWorkflowUrl !== undefined) {
    return { url: destinationUrl(given.teamsWorkflowUrl, 'teamsWorkflowUrl'), body: adaptiveCard };
  }
  if (given.webhookUrl !== undefined) {
    if (given.secret !== undefined && (typeof given.secret !== 'string' || given.secret.length < 32)) {
      throw new Error('destination.secret must be at least 32 characters long.');
    }
    return {
      url: destinationUrl(given.webhookUrl, 'webhookUrl'),
      body: (request, origin, receivedAt) => {
        const type = 'kind' in request ? 'teams-call-button.call-announcement' : 'teams-call-button.callback-request';
        return JSON.stringify({ type, ...request, origin, receivedAt });
      },
      secret: given.secret as string | undefined,
    };
  }
  throw new Error(
    'The callback endpoint needs a destination: { teamsWorkflowUrl } (a Teams Workflows webhook) or { webhookUrl }.',
  );
}

/** https only, but for a receiver on this machine during development. */
function destinationUrl(value: unknown, name: string): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new Error(`destination.${name} is not a URL.`);
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new Error(`destination.${name} must be an https: URL.`);
  }
  return url.href;
}

async function deliver(
  destination: Destination,
  request: Delivery,
  origin: string,
  {
    deliveryAttempts,
    retryDelayMs,
    upstreamTimeoutMs,
  }: Required<Pick<CallbackServiceOptions, 'deliveryAttempts' | 'retryDelayMs' | 'upstreamTimeoutMs'>>,
): Promise<{ delivered: true } | { delivered: false; problem: string }> {
  const body = destination.body(request, origin, new Date().toISOString());
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Idempotency-Key': request.requestId };
  if (destination.secret) {
    headers['X-Signature'] = `sha256=${createHmac('sha256', destination.secret).update(body).digest('hex')}`;
  }
  let problem = '';
  for (let attempt = 1; attempt <= deliveryAttempts; attempt++) {
    let pause = retryDelayMs * 2 ** (attempt - 1);
    try {
      const response = await fetch(destination.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(upstreamTimeoutMs),
      });
      await response.body?.cancel();
      if (response.ok) return { delivered: true };
      problem = `the destination answered ${response.status}`;
      // A refusal that another try cannot change (a wrong URL, a removed workflow) ends the attempts.
      if (response.status < 500 && response.status !== 408 && response.status !== 429) break;
      pause = Math.max(pause, Math.min(Number(response.headers.get('Retry-After')) * 1000 || 0, 10_000));
    } catch (error) {
      problem = (error as Error).name === 'TimeoutError' ? `no answer within ${upstreamTimeoutMs} ms` : 'unreachable';
    }
    if (attempt < deliveryAttempts) await new Promise((resolve) => setTimeout(resolve, pause));
  }
  return { delivered: false, problem: `${problem} (after the attempts allowed)` };
}

/** The request as an Adaptive Card for Teams Workflows: the visitor's words as plain text, never as markdown. */
function adaptiveCard(request: Delivery, origin: string, receivedAt: string): string {
  return JSON.stringify({
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body:
            'kind' in request
              ? announcementCard(request, origin, receivedAt)
              : callbackCard(request, origin, receivedAt),
        },
      },
    ],
  });
}

/** "Anna is calling about billing", as the expert's phone rings. */
function announcementCard({ name, topic, expertName }: CallAnnouncement, origin: string, receivedAt: string) {
  const caller = name ? plain(name) : 'A visitor';
  const headline = topic ? `${caller} is calling about ${plain(topic)}` : `${caller} is calling`;
  const facts = [
    ['For', expertName],
    ['From', origin],
    ['Started', receivedAt],
  ].filter((fact): fact is [string, string] => Boolean(fact[1]));
  return [
    { type: 'TextBlock', text: headline, weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'FactSet', facts: facts.map(([title, value]) => ({ title, value: plain(value) })) },
  ];
}

function callbackCard(request: CallbackRequest, origin: string, receivedAt: string) {
  const facts = [
    ['Name', request.name],
    ['Phone', request.phone],
    ['E-mail', request.email],
    ['Preferred time', request.preferredTime],
    ['For', request.expertName],
    ['Why', request.reason],
    ['From', origin],
    ['Received', receivedAt],
  ].filter((fact): fact is [string, string] => Boolean(fact[1]));
  return [
    { type: 'TextBlock', text: 'Callback request', weight: 'Bolder', size: 'Medium' },
    { type: 'FactSet', facts: facts.map(([title, value]) => ({ title, value: plain(value) })) },
    ...(request.message ? [{ type: 'TextBlock', text: plain(request.message), wrap: true }] : []),
  ];
}

/**
 * Escapes (CommonMark backslash escapes, which Adaptive Cards' markdown subset follows) what would make a link or
 * emphasis, so that a visitor cannot put a link of their own making or styling in the card.
 */
function plain(text: string): string {
  return text.replace(/[\\`*_[\]()~]/g, '\\$&');
}

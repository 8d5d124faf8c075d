/**
 * One place to build what the browser tests need: the element wired to the scripted fake, tokens by provider or by
 * URL (a stubbed `fetch`), a fake clock, and readers of what the visitor sees and the host receives.
 */
import { fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/define.js';
import type { CallState } from '../../src/call-states.js';
import { TEAMS_CALL_EVENTS } from '../../src/events.js';
import type { TeamsCallButton } from '../../src/teams-call-button.js';
import type { TokenProvider } from '../../src/call/token.js';
import { fakeCalling, makeJwt, type FakeCall } from './fake-calling.js';

export const EXPERT_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

export interface Setup {
  el: TeamsCallButton;
  sdk: ReturnType<typeof fakeCalling>['sdk'];
  loader: ReturnType<typeof fakeCalling>['loader'];
  token: string;
  tokenRequests: number;
  /** With `tokenUrl`: the stubbed `fetch`. */
  fetch?: StubbedFetch;
}

export interface ButtonOptions {
  userId?: string;
  /** The token by function; by default a counting provider that answers `setup.token`. */
  provider?: TokenProvider;
  /** The token by `token-url`: every request is answered by this function through a stubbed `fetch`. */
  tokenUrl?: (request: Request) => Response | Promise<Response>;
  /** With `tokenUrl`: the stubbed `fetch` ignores abort signals, as some pages' `fetch` wrappers do. */
  fetchIgnoresAbort?: boolean;
  /** More attributes, such as `preload` or `style`. */
  attributes?: Record<string, string>;
}

/** An element wired to a fresh scripted fake, with a token provider that counts its calls (or a `token-url`). */
export async function callButton(options: ButtonOptions = {}): Promise<Setup> {
  const { sdk, loader } = fakeCalling();
  const setup = { sdk, loader, token: makeJwt(), tokenRequests: 0 } as Setup;
  const el = document.createElement('teams-call-button');
  el.setAttribute('teams-user-id', options.userId ?? EXPERT_ID);
  el.setAttribute('callee-name', 'Dr. Lee');
  el.setAttribute('display-name', 'Website visitor');
  for (const [name, value] of Object.entries(options.attributes ?? {})) el.setAttribute(name, value);
  el.sdkLoader = loader;
  if (options.tokenUrl) {
    el.setAttribute('token-url', '/api/acs-token');
    setup.fetch = stubFetch(options.tokenUrl, { ignoresAbort: options.fetchIgnoresAbort });
  } else {
    el.tokenProvider =
      options.provider ??
      (async () => {
        setup.tokenRequests++;
        return setup.token;
      });
  }
  setup.el = await fixture<TeamsCallButton>(html`${el}`);
  return setup;
}

/** A JSON response, as a token provider sends one. */
export const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' }, ...init });

export interface StubbedFetch {
  /** Every request, in order. */
  requests: Request[];
  /** Requests neither answered nor aborted yet. */
  pending(): number;
  /** Answers the next requests with `next`. */
  answerWith(next: (request: Request) => Response | Promise<Response>): void;
}

/** Replaces `fetch` until sinon is restored: each request is answered by `answer`, and rejects when aborted. */
export function stubFetch(
  answer: (request: Request) => Response | Promise<Response>,
  { ignoresAbort = false } = {},
): StubbedFetch {
  const requests: Request[] = [];
  const open = new Set<Request>();
  sinon.stub(window, 'fetch').callsFake((input, init) => {
    const request = new Request(input, init);
    requests.push(request);
    open.add(request);
    const settle = <T>(value: T) => (open.delete(request), value);
    return new Promise<Response>((resolve, reject) => {
      if (!ignoresAbort) init?.signal?.addEventListener('abort', () => reject(settle(init.signal!.reason)));
      Promise.resolve()
        .then(() => answer(request))
        .then(
          (response) => resolve(settle(response)),
          (error) => reject(settle(error)),
        );
    });
  });
  return {
    requests,
    pending: () => [...open].filter((request) => !request.signal.aborted).length,
    answerWith(next) {
      answer = next;
    },
  };
}

/** Sinon's clock over the timers and the date the element uses; the page's own promises and animation frames run. */
export function fakeClock(options: { now?: number } = {}): sinon.SinonFakeTimers {
  return sinon.useFakeTimers({
    ...options,
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
}

export function shadow(el: HTMLElement): ShadowRoot {
  return el.shadowRoot!;
}

export function part(el: HTMLElement, name: string): HTMLElement | null {
  return shadow(el).querySelector<HTMLElement>(`[part~="${name}"]`);
}

export function visibleText(el: HTMLElement, name: string): string {
  const node = part(el, name);
  return node && !node.hidden ? (node.textContent ?? '').replace(/\s+/g, ' ').trim() : '';
}

export function untilState(el: TeamsCallButton, state: CallState): Promise<void> {
  if (el.state === state) return el.updateComplete.then(() => undefined);
  return new Promise((resolve) => {
    const onChange = (event: HTMLElementEventMap['teams-call-state-change']) => {
      if (event.detail.state !== state) return;
      el.removeEventListener('teams-call-state-change', onChange);
      void el.updateComplete.then(() => resolve());
    };
    el.addEventListener('teams-call-state-change', onChange);
  });
}

export interface Recorded {
  type: string;
  detail: unknown;
}

/** Every `teams-call-*` event that reaches `target`, in order. */
export function recordEvents(target: EventTarget): Recorded[] {
  const events: Recorded[] = [];
  for (const type of TEAMS_CALL_EVENTS) {
    target.addEventListener(type, (event) => events.push({ type, detail: (event as CustomEvent).detail }));
  }
  return events;
}

export function statesOf(events: Recorded[]): string[] {
  return events.filter((e) => e.type === 'teams-call-state-change').map((e) => (e.detail as { state: string }).state);
}

/** The visitor clicks; the fake Teams user's phone rings and they answer. */
export async function answeredCall({ el, sdk }: Setup): Promise<FakeCall> {
  const call = await clickToCall({ el, sdk } as Setup);
  call.setState('Connecting');
  call.setState('Ringing');
  call.setState('Connected');
  await untilState(el, 'connected');
  return call;
}

export async function clickToCall({ el, sdk }: Setup): Promise<FakeCall> {
  const next = sdk.nextCall();
  part(el, 'button')!.click();
  const call = await next;
  await el.updateComplete;
  return call;
}

/** Everything a page, a script or a person could read: the DOM (shadow roots included) and its attributes. */
export function everythingVisible(root: Node = document.documentElement): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node instanceof Element) {
      parts.push(node.outerHTML);
      if (node.shadowRoot) node.shadowRoot.childNodes.forEach(walk);
    }
    node.childNodes.forEach(walk);
  };
  walk(root);
  return parts.join('\n');
}

/** Waits for something that happens off the element's update cycle (a chunk loaded, an agent disposed): 2 s at most. */
export function waitFor(condition: () => boolean, what = 'the condition', timeout = 2000): Promise<void> {
  return waitUntil(condition, `${what} did not happen within ${timeout / 1000} s`, { timeout, interval: 10 });
}

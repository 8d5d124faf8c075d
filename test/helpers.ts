import { fixture, html } from '@open-wc/testing';
import '../src/define.js';
import type { CallState } from '../src/call-states.js';
import { TEAMS_CALL_EVENTS } from '../src/events.js';
import type { TeamsCallButton } from '../src/teams-call-button.js';
import type { TokenProvider } from '../src/call/token.js';
import { fakeCalling, makeJwt, type FakeCall } from './fake-calling.js';

export const EXPERT_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

export interface Setup {
  el: TeamsCallButton;
  sdk: ReturnType<typeof fakeCalling>['sdk'];
  loader: ReturnType<typeof fakeCalling>['loader'];
  token: string;
  tokenRequests: number;
}

/** An element wired to a fresh scripted fake, with a token provider that counts its calls. */
export async function callButton(options: { userId?: string; provider?: TokenProvider } = {}): Promise<Setup> {
  const { sdk, loader } = fakeCalling();
  const setup = { sdk, loader, token: makeJwt(), tokenRequests: 0 } as Setup;
  const provider: TokenProvider =
    options.provider ??
    (async () => {
      setup.tokenRequests++;
      return setup.token;
    });
  setup.el = await fixture<TeamsCallButton>(html`
    <teams-call-button
      teams-user-id=${options.userId ?? EXPERT_ID}
      callee-name="Dr. Lee"
      display-name="Website visitor"
      .sdkLoader=${loader}
      .tokenProvider=${provider}
    ></teams-call-button>
  `);
  return setup;
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

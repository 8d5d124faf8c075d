/**
 * The page's colours: the element reads well on a white page and on a near-black one, whatever the visitor's system
 * colour scheme, in every state a visitor sees (axe's contrast rules included).
 */
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../src/define.js';
import type { TeamsCallButton } from '../src/teams-call-button.js';
import { fakeCalling, makeJwt } from './support/fake-calling.js';
import { EXPERT_ID, part, untilState } from './support/harness.js';

const PAGES = [
  { name: 'a white page', style: 'background:#ffffff;color:#1a1a1a' },
  { name: 'a near-black page', style: 'background:#101010;color:#f0f0f0;color-scheme:dark' },
  { name: 'a near-black page that declares no color-scheme', style: 'background:#101010;color:#f0f0f0' },
];

describe('the page’s colours', () => {
  after(() => emulateMedia({ colorScheme: 'light' }));

  for (const scheme of ['light', 'dark'] as const) {
    for (const page of PAGES) {
      it(`reads well on ${page.name} with a ${scheme} system scheme, at rest, failed, ringing, connected and ended`, async () => {
        await emulateMedia({ colorScheme: scheme });
        const { sdk, loader } = fakeCalling();
        const wrapper = await fixture<HTMLElement>(html`<div style="padding:1em;${page.style}">
          <teams-call-button teams-user-id=${EXPERT_ID} callee-name="Dr. Lee" .sdkLoader=${loader}
            .tokenProvider=${async () => makeJwt()}></teams-call-button>
        </div>`);
        const el = wrapper.querySelector<TeamsCallButton>('teams-call-button')!;
        await expect(wrapper).to.be.accessible();

        sdk.microphone = 'denied';
        await el.call();
        await untilState(el, 'failed');
        await expect(wrapper, 'the failure message on the page').to.be.accessible();

        sdk.microphone = 'granted';
        const next = sdk.nextCall();
        void el.call();
        const call = await next;
        call.setState('Ringing');
        await untilState(el, 'ringing');
        await expect(wrapper).to.be.accessible();
        call.setState('Connected');
        call.setRecording(true);
        await untilState(el, 'connected');
        await expect(wrapper).to.be.accessible();
        await el.hangUp();
        await untilState(el, 'ended');
        await expect(wrapper, 'the end message on the page').to.be.accessible();
        expect(getComputedStyle(part(el, 'message')!).color, 'the page’s text colour').to.equal(
          getComputedStyle(wrapper).color,
        );
      });
    }
  }

  it('takes the page’s font size, and `theme` still forces a scheme', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div style="font-size:20px;color-scheme:dark">
      <teams-call-button theme="light" simulate></teams-call-button>
    </div>`);
    const el = wrapper.querySelector('teams-call-button')!;
    expect(getComputedStyle(el).fontSize).to.equal('20px');
    expect(getComputedStyle(el).colorScheme).to.equal('light');
  });
});

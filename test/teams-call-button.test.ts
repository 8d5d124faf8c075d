import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import sinon from 'sinon';
import type { TeamsCallButton } from '../src/teams-call-button.js';
import { fakeCalling } from './support/fake-calling.js';
import {
  answeredCall,
  callButton,
  clickToCall,
  EXPERT_ID,
  part,
  recordEvents,
  shadow,
  statesOf,
  untilState,
  visibleText,
  waitFor,
} from './support/harness.js';

describe('<teams-call-button>', () => {
  afterEach(() => sinon.restore());

  it('registers once, and a second copy of the package on the page does not throw', async () => {
    const first = customElements.get('teams-call-button');
    // A second module instance, as when a page loads two bundles that each carry the element.
    await import(`../src/define.ts?copy=${Date.now()}`);
    expect(customElements.get('teams-call-button')).to.equal(first);
  });

  describe('at rest', () => {
    it('shows a real button named after the expert, and reflects its state', async () => {
      const { el } = await callButton();
      const button = part(el, 'button')!;
      expect(button.tagName).to.equal('BUTTON');
      expect(button.textContent!.trim()).to.equal('Call Dr. Lee');
      expect(el.hasAttribute('state'), 'no attribute while idle, so server-rendered markup hydrates unchanged').to.be
        .false;
      expect(el.matches(':state(idle)')).to.be.true;
      await expect(el).to.be.accessible();
    });

    it('falls back to --prefixed custom states where the browser refuses plain names (Chromium before 125)', async () => {
      const add = CustomStateSet.prototype.add;
      const added: string[] = [];
      sinon.stub(CustomStateSet.prototype, 'add').callsFake(function (this: CustomStateSet, state: string) {
        if (!state.startsWith('--'))
          throw new DOMException(`Failed to execute 'add' on 'CustomStateSet'`, 'SyntaxError');
        added.push(state);
        return add.call(this, state);
      });
      try {
        const { el } = await callButton();
        expect(el.matches(':state(--idle)') || added.includes('--idle'), 'the element still renders').to.be.true;
        expect(added).to.include('--idle');
      } finally {
        sinon.restore();
      }
    });

    it('uses the slotted label when the page gives one', async () => {
      const el = await fixture<TeamsCallButton>(
        html`<teams-call-button teams-user-id=${EXPERT_ID} token-url="/t">Talk to an expert</teams-call-button>`,
      );
      const slot = shadow(el).querySelector('slot')!;
      expect(
        slot
          .assignedNodes()
          .map((n) => n.textContent)
          .join(''),
      ).to.equal('Talk to an expert');
    });

    it('loads nothing of the call before intent', async () => {
      const { loader, tokenRequests } = await callButton();
      expect(loader.loads).to.equal(0);
      expect(tokenRequests).to.equal(0);
    });

    it('starts fetching the SDK when the pointer comes near or the button gets focus, and evaluates it on click', async () => {
      const { el, loader } = await callButton();
      el.dispatchEvent(new PointerEvent('pointerenter'));
      await waitFor(() => loader.preloads === 1);
      part(el, 'button')!.focus();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect([loader.preloads, loader.loads], 'fetched once per page, evaluated not yet').to.deep.equal([1, 0]);
    });
  });

  describe('a call from click to hang up', () => {
    it('goes through every state and tells the host at each step', async () => {
      const setup = await callButton();
      const { el, sdk } = setup;
      const events = recordEvents(document);
      const call = await clickToCall(setup);

      expect(call.target).to.deep.equal({ kind: 'teams-user', id: EXPERT_ID, cloud: 'public' });
      expect(sdk.agents[0].options.displayName).to.equal('Website visitor');
      expect(visibleText(el, 'status')).to.equal('Calling Dr. Lee…');

      call.setState('Connecting');
      call.setState('Ringing');
      await el.updateComplete;
      expect(visibleText(el, 'status')).to.equal('Ringing Dr. Lee…');
      expect(visibleText(el, 'hang-up-button')).to.equal('Cancel call');

      call.setState('Connected');
      await el.updateComplete;
      expect(visibleText(el, 'status')).to.match(/^On a call with Dr\. Lee 00:0\d$/);
      expect(visibleText(el, 'hang-up-button')).to.equal('Hang up');

      part(el, 'hang-up-button')!.click();
      await untilState(el, 'ended');

      expect(statesOf(events)).to.deep.equal(['preparing', 'connecting', 'ringing', 'connected', 'ending', 'ended']);
      expect(events.filter((e) => e.type === 'teams-call-connected')).to.have.length(1);
      const ended = events.find((e) => e.type === 'teams-call-ended')!.detail as Record<string, unknown>;
      expect(ended).to.include({ reason: 'hung-up', code: 0, subCode: 0, message: 'Call ended.' });
      expect(ended.durationMs).to.be.a('number').and.at.least(0);
      expect(visibleText(el, 'message')).to.equal('Call ended.');
      expect(part(el, 'button'), 'the button is back to call again').to.exist;
      expect(el.getAttribute('state')).to.equal('ended');
      expect(call.listeners.size, 'no listener left on the call').to.equal(0);
    });

    it('runs the call timer from the moment the expert answers', async () => {
      const clock = sinon.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
      const setup = await callButton();
      const call = await answeredCall(setup);
      clock.tick(65_000);
      await setup.el.updateComplete;
      expect(visibleText(setup.el, 'timer')).to.equal('01:05');
      const endedEvent = oneEvent(setup.el, 'teams-call-ended');
      call.end(0, 0);
      const ended = await endedEvent;
      expect(ended.detail.durationMs).to.equal(65_000);
      expect(ended.detail.reason).to.equal('remote-ended');
    });

    it('can be called again after it ended, reusing the page agent', async () => {
      const setup = await callButton();
      const first = await answeredCall(setup);
      first.end(0, 0);
      await untilState(setup.el, 'ended');
      const second = await answeredCall(setup);
      expect(second).to.not.equal(first);
      expect(setup.sdk.agents, 'one agent for both calls').to.have.length(1);
      expect(setup.tokenRequests, 'one token for both calls').to.equal(1);
    });

    it('says when the Teams side puts the call on hold', async () => {
      const setup = await callButton();
      const call = await answeredCall(setup);
      call.setState('RemoteHold');
      await untilState(setup.el, 'on-hold');
      expect(visibleText(setup.el, 'status')).to.contain('Dr. Lee put the call on hold');
      call.setState('Connected');
      await untilState(setup.el, 'connected');
    });

    it('ignores events from a call that is over', async () => {
      const setup = await callButton();
      const call = await answeredCall(setup);
      call.end(0, 0);
      await untilState(setup.el, 'ended');
      const events = recordEvents(setup.el);
      call.emit({ type: 'state', state: 'Connected' });
      call.emit({ type: 'recording', active: true });
      await setup.el.updateComplete;
      expect(events).to.deep.equal([]);
      expect(setup.el.state).to.equal('ended');
    });

    it('ignores a second click while a call is being set up', async () => {
      const setup = await callButton();
      const events = recordEvents(setup.el);
      const next = setup.sdk.nextCall();
      part(setup.el, 'button')!.click();
      part(setup.el, 'button')!.click();
      void setup.el.call();
      await next;
      await setup.el.updateComplete;
      expect(setup.sdk.calls).to.have.length(1);
      expect(statesOf(events)).to.deep.equal(['preparing', 'connecting']);
    });

    it('is accessible in each state the visitor sees', async () => {
      const setup = await callButton();
      const call = await clickToCall(setup);
      await expect(setup.el).to.be.accessible();
      call.setState('Ringing');
      await setup.el.updateComplete;
      await expect(setup.el).to.be.accessible();
      call.setState('Connected');
      call.setRecording(true);
      await setup.el.updateComplete;
      await expect(setup.el).to.be.accessible();
      call.end(480, 10037);
      await untilState(setup.el, 'ended');
      await expect(setup.el).to.be.accessible();
    });

    it('moves focus into the panel when the call starts and back to the button when it ends', async () => {
      const setup = await callButton();
      part(setup.el, 'button')!.focus();
      const call = await clickToCall(setup);
      expect(shadow(setup.el).activeElement).to.equal(part(setup.el, 'hang-up-button'));
      call.end(603, 0);
      await untilState(setup.el, 'ended');
      expect(shadow(setup.el).activeElement).to.equal(part(setup.el, 'button'));
    });

    it('announces each step to screen readers', async () => {
      const setup = await callButton();
      const live = () => shadow(setup.el).getElementById('announcer')!.textContent!.trim();
      const call = await clickToCall(setup);
      expect(live()).to.equal('Calling Dr. Lee…');
      call.end(487, 10004);
      await untilState(setup.el, 'ended');
      expect(live()).to.equal("Dr. Lee didn't answer.");
    });
  });

  describe('hanging up early', () => {
    it('cancels while the token is still being fetched, and aborts the request', async () => {
      let signal: AbortSignal | undefined;
      const setup = await callButton({
        provider: (s) => {
          signal = s;
          return new Promise(() => {});
        },
      });
      const events = recordEvents(setup.el);
      part(setup.el, 'button')!.click();
      await untilState(setup.el, 'preparing');
      await setup.el.hangUp();
      await untilState(setup.el, 'ended');
      expect(signal!.aborted).to.be.true;
      expect(events.find((e) => e.type === 'teams-call-ended')!.detail).to.include({
        reason: 'hung-up',
        message: 'Call cancelled.',
      });
      expect(events.filter((e) => e.type === 'teams-call-error')).to.deep.equal([]);
      expect(setup.sdk.calls).to.have.length(0);
    });

    it('cancels while the call is connecting', async () => {
      const setup = await callButton();
      const call = await clickToCall(setup);
      const endedEvent = oneEvent(setup.el, 'teams-call-ended');
      part(setup.el, 'hang-up-button')!.click();
      const ended = await endedEvent;
      expect(call.hangUps).to.equal(1);
      expect(ended.detail).to.include({ reason: 'hung-up', code: 487, message: 'Call cancelled.' });
    });

    it('lets the call go even when the SDK fails to hang up', async () => {
      const setup = await callButton();
      const call = await answeredCall(setup);
      call.hangUpError = new Error('hang up failed');
      await setup.el.hangUp();
      await untilState(setup.el, 'ended');
      expect(call.listeners.size).to.equal(0);
    });
  });

  describe('mute', () => {
    it('mutes and unmutes, and tells the host', async () => {
      const setup = await callButton();
      await answeredCall(setup);
      const mute = part(setup.el, 'mute-button')!;
      expect(mute.getAttribute('aria-pressed')).to.equal('false');
      const mutedEvent = oneEvent(setup.el, 'teams-call-mute-change');
      mute.click();
      const muted = await mutedEvent;
      expect(muted.detail).to.deep.equal({ muted: true });
      await setup.el.updateComplete;
      expect(setup.el.muted).to.be.true;
      expect(mute.getAttribute('aria-pressed')).to.equal('true');
      await setup.el.toggleMute();
      expect(setup.el.muted).to.be.false;
    });

    it('reports when the Teams side mutes the visitor', async () => {
      const setup = await callButton();
      const call = await answeredCall(setup);
      const event = oneEvent(setup.el, 'teams-call-mute-change');
      call.setMuted(true);
      expect((await event).detail).to.deep.equal({ muted: true });
    });
  });

  describe('leaving the page', () => {
    it('hangs up and releases the agent and the SDK when the element is removed mid-call', async () => {
      const setup = await callButton();
      const call = await answeredCall(setup);
      const ended = oneEvent(setup.el, 'teams-call-ended');
      setup.el.remove();
      expect((await ended).detail.reason).to.equal('hung-up');
      await waitFor(() => setup.sdk.disposed);
      expect(call.hangUps).to.equal(1);
      expect(call.listeners.size).to.equal(0);
      expect(setup.sdk.liveAgents).to.have.length(0);
    });

    it('keeps the call when the element is only moved', async () => {
      const setup = await callButton();
      const call = await answeredCall(setup);
      const events = recordEvents(setup.el);
      const elsewhere = document.createElement('div');
      document.body.append(elsewhere);
      elsewhere.append(setup.el);
      await new Promise((resolve) => setTimeout(resolve));
      expect(call.hangUps).to.equal(0);
      expect(setup.el.state).to.equal('connected');
      expect(events).to.deep.equal([]);
      await setup.el.hangUp();
      elsewhere.remove();
    });

    it('hangs up and releases everything on pagehide', async () => {
      const setup = await callButton();
      const call = await answeredCall(setup);
      window.dispatchEvent(new PageTransitionEvent('pagehide'));
      await untilState(setup.el, 'ended');
      await waitFor(() => setup.sdk.disposed);
      expect(call.hangUps).to.equal(1);
      expect(setup.sdk.liveAgents).to.have.length(0);
    });
  });

  describe('configuration', () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      ['no one to call', { 'token-url': '/t' }, /set teams-user-id or teams-app-id/],
      [
        'two people to call',
        { 'token-url': '/t', 'teams-user-id': EXPERT_ID, 'teams-app-id': EXPERT_ID },
        /set only one/,
      ],
      [
        'an ID that is not a GUID',
        { 'token-url': '/t', 'teams-user-id': 'dr.lee@contoso.com' },
        /not a valid teams-user-id/,
      ],
      [
        'a Teams app ID in raw user form',
        { 'token-url': '/t', 'teams-app-id': `8:orgid:${EXPERT_ID}` },
        /not a valid teams-app-id/,
      ],
      ['an unknown cloud', { 'token-url': '/t', 'teams-user-id': EXPERT_ID, cloud: 'mars' }, /not a valid cloud/],
      ['no token source', { 'teams-user-id': EXPERT_ID }, /no token provider/],
      [
        'a javascript: token URL',
        { 'token-url': 'javascript:alert(1)', 'teams-user-id': EXPERT_ID },
        /not a usable token-url/,
      ],
      [
        'a cross-origin http: token URL',
        { 'token-url': 'http://example.com/t', 'teams-user-id': EXPERT_ID },
        /not a usable token-url/,
      ],
      [
        'a display name over 256 characters',
        { 'token-url': '/t', 'teams-user-id': EXPERT_ID, 'display-name': 'x'.repeat(257) },
        /257 characters long; Teams accepts at most 256/,
      ],
    ];
    for (const [what, attributes, message] of cases) {
      it(`refuses ${what} before any request`, async () => {
        const { loader } = fakeCalling();
        const fetchSpy = sinon.spy(window, 'fetch');
        const el = document.createElement('teams-call-button');
        for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
        el.sdkLoader = loader;
        document.body.append(el);
        const error = oneEvent(el, 'teams-call-error');
        await el.call();
        expect((await error).detail.code).to.equal('invalid-config');
        await el.updateComplete;
        expect(el.state).to.equal('failed');
        expect(visibleText(el, 'message')).to.match(message);
        expect(fetchSpy.called).to.be.false;
        expect(loader.loads).to.equal(0);
        el.remove();
      });
    }

    it('accepts the raw ID form and takes the cloud from it', async () => {
      const setup = await callButton({ userId: `8:gcch:${EXPERT_ID.toUpperCase()}` });
      const call = await clickToCall(setup);
      expect(call.target).to.deep.equal({ kind: 'teams-user', id: EXPERT_ID, cloud: 'gcch' });
    });

    it('calls a Teams voice app by teams-app-id', async () => {
      const setup = await callButton();
      setup.el.teamsUserId = '';
      setup.el.teamsAppId = EXPERT_ID;
      const call = await clickToCall(setup);
      expect(call.target.kind).to.equal('teams-app');
    });

    it('fires no event when the host sets properties', async () => {
      const setup = await callButton();
      const events = recordEvents(setup.el);
      setup.el.calleeName = 'Dr. Who';
      setup.el.disabled = true;
      await setup.el.updateComplete;
      expect(events).to.deep.equal([]);
    });

    it('does not start a call while disabled, but lets a call under way go on', async () => {
      const setup = await callButton();
      setup.el.disabled = true;
      await setup.el.call();
      expect(setup.el.state).to.equal('idle');
      setup.el.disabled = false;
      await setup.el.updateComplete;
      await answeredCall(setup);
      setup.el.disabled = true;
      await setup.el.updateComplete;
      expect(setup.el.state).to.equal('connected');
      expect(part(setup.el, 'hang-up-button')!.hasAttribute('disabled')).to.be.false;
    });
  });

  describe('failures before the call', () => {
    it('reports a denied microphone with how to allow it, and keeps the healthy agent for the retry', async () => {
      const setup = await callButton();
      setup.sdk.microphone = 'denied';
      const error = oneEvent(setup.el, 'teams-call-error');
      part(setup.el, 'button')!.click();
      expect((await error).detail.code).to.equal('microphone-denied');
      await setup.el.updateComplete;
      expect(visibleText(setup.el, 'message')).to.contain('Allow it for this site');
      expect(setup.sdk.calls).to.have.length(0);
      await expect(setup.el).to.be.accessible();
      setup.sdk.microphone = 'granted';
      await answeredCall(setup);
      expect(setup.sdk.agents, 'the same agent places the retry').to.have.length(1);
    });

    it('reports a missing microphone', async () => {
      const setup = await callButton();
      setup.sdk.microphone = 'missing';
      const error = oneEvent(setup.el, 'teams-call-error');
      part(setup.el, 'button')!.click();
      expect((await error).detail).to.deep.equal({
        code: 'no-microphone',
        message: 'No microphone was found. Connect one, then call again.',
      });
    });

    it('reports an SDK that failed to load, and loads it again on the next click', async () => {
      const setup = await callButton();
      setup.loader.failNext = new TypeError('Failed to fetch dynamically imported module');
      const error = oneEvent(setup.el, 'teams-call-error');
      part(setup.el, 'button')!.click();
      expect((await error).detail.code).to.equal('sdk-load-failed');
      await answeredCall(setup);
      expect(setup.loader.loads).to.equal(2);
    });

    it('reports an agent the SDK refused, with its code', async () => {
      const setup = await callButton();
      setup.sdk.agentError = Object.assign(new Error('Display name is too long.'), { code: 400, subCode: 40215 });
      const error = oneEvent(setup.el, 'teams-call-error');
      part(setup.el, 'button')!.click();
      const { detail } = await error;
      expect(detail.code).to.equal('agent-failed');
      expect(detail.message).to.contain('400/40215: Display name is too long.');
    });

    it('reports a call the SDK could not start, and leaves no agent', async () => {
      const setup = await callButton();
      setup.sdk.startCallError = Object.assign(new Error('Invalid participant'), { code: 400, subCode: 40001 });
      const error = oneEvent(setup.el, 'teams-call-error');
      part(setup.el, 'button')!.click();
      expect((await error).detail.code).to.equal('call-failed');
      await waitFor(() => setup.sdk.liveAgents.length === 0);
      expect(setup.el.state).to.equal('failed');
    });

    it("shows the SDK's browser warning without blocking the call", async () => {
      const setup = await callButton();
      setup.sdk.warning = 'Chrome 156 on Linux is not on the list.';
      await answeredCall(setup);
      await setup.el.updateComplete;
      expect(shadow(setup.el).querySelector('[data-kind="warning"]')!.textContent).to.contain('Chrome 156 on Linux');
    });
  });

  describe('events', () => {
    it('bubble out of shadow roots to the document', async () => {
      const { sdk, loader } = fakeCalling();
      const host = await fixture(html`<div></div>`);
      const root = host.attachShadow({ mode: 'open' });
      const el = document.createElement('teams-call-button');
      el.teamsUserId = EXPERT_ID;
      el.tokenProvider = async () => (await import('./support/fake-calling.js')).makeJwt();
      el.sdkLoader = loader;
      root.append(el);
      const events = recordEvents(document);
      const next = sdk.nextCall();
      await el.call();
      (await next).end(603, 0);
      await untilState(el, 'ended');
      expect(statesOf(events)).to.deep.equal(['preparing', 'connecting', 'ended']);
      expect(events.at(-1)!.detail).to.include({
        reason: 'declined',
        message: "The expert can't take your call right now.",
      });
    });

    it('never carry the token, nor put it in the DOM or an attribute', async () => {
      const setup = await callButton();
      const events = recordEvents(document);
      const call = await answeredCall(setup);
      call.setRecording(true);
      call.end(495, 4507);
      await untilState(setup.el, 'ended');
      const everything =
        JSON.stringify(events) + setup.el.outerHTML + shadow(setup.el).innerHTML + document.documentElement.outerHTML;
      expect(everything).to.not.contain(setup.token);
      expect(everything).to.not.contain(setup.token.split('.')[1]);
    });
  });
});

import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import sinon from 'sinon';
import type { TeamsCallButton } from '../src/teams-call-button.js';
import { fakeCalling, makeJwt } from './support/fake-calling.js';
import {
  answeredCall,
  callButton,
  everythingVisible,
  EXPERT_ID,
  json,
  part,
  recordEvents,
  shadow,
  untilState,
  visibleText,
} from './support/harness.js';

function storage(): string {
  const dump = (store: Storage) =>
    Object.keys(store)
      .map((key) => `${key}=${store.getItem(key)}`)
      .join('\n');
  return `${dump(localStorage)}\n${dump(sessionStorage)}`;
}

describe('security', () => {
  afterEach(() => sinon.restore());

  it('never puts the token in the DOM, an attribute, an event, the console, storage or a message', async () => {
    const logged: unknown[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      sinon.stub(console, method).callsFake((...args: unknown[]) => logged.push(...args));
    }
    const token = makeJwt();
    const { el, sdk, fetch } = await callButton({
      tokenUrl: () => json({ token, expiresOn: new Date(Date.now() + 3600_000).toISOString() }),
    });
    const events = recordEvents(document);
    const next = sdk.nextCall();
    await el.call();
    const call = await next;
    call.setState('Connected');
    call.setRecording(true);
    await el.toggleMute();
    call.end(495, 4507);
    await untilState(el, 'ended');
    await sdk.agents[0].options.credential!.refresh();
    expect(fetch!.requests, 'the token was really issued, twice').to.have.length(2);

    const payload = token.split('.')[1];
    for (const [where, text] of [
      ['DOM and attributes', everythingVisible()],
      ['events', JSON.stringify(events)],
      ['console', logged.map(String).join('\n')],
      ['storage', storage()],
    ]) {
      expect(text, where).to.not.contain(token);
      expect(text, where).to.not.contain(payload);
    }
  });

  describe('text from outside is shown as text', () => {
    const hostile = '<img src=x onerror="window.__pwned = 1"><b>bold</b>';

    it('in callee-name and the button label', async () => {
      const { sdk, loader } = fakeCalling();
      const el = await fixture<TeamsCallButton>(html`
        <teams-call-button teams-user-id=${EXPERT_ID} callee-name=${hostile} .sdkLoader=${loader} .tokenProvider=${async () => makeJwt()}>
        </teams-call-button>
      `);
      expect(part(el, 'button')!.textContent).to.contain(hostile);
      const next = sdk.nextCall();
      await el.call();
      (await next).setState('Connected');
      await el.updateComplete;
      expect(visibleText(el, 'status')).to.contain(hostile);
      expect(shadow(el).querySelector('img, b'), 'no element made from the text').to.be.null;
      expect((window as { __pwned?: number }).__pwned).to.be.undefined;
    });

    it("in a token provider's error message", async () => {
      const setup = await callButton({
        provider: async () => {
          throw new Error(hostile);
        },
      });
      const error = oneEvent(setup.el, 'teams-call-error');
      void setup.el.call();
      expect((await error).detail.message).to.contain(hostile);
      await setup.el.updateComplete;
      expect(visibleText(setup.el, 'message')).to.contain(hostile);
      expect(shadow(setup.el).querySelector('img, b')).to.be.null;
    });

    it("in the token service's status text", async () => {
      const { el } = await callButton({
        tokenUrl: () => new Response('', { status: 502, statusText: '<b>Bad</b> Gateway' }),
      });
      await el.call();
      await el.updateComplete;
      expect(visibleText(el, 'message')).to.contain('<b>Bad</b> Gateway');
      expect(shadow(el).querySelector('b')).to.be.null;
    });

    it('in the names of devices', async () => {
      const setup = await callButton();
      setup.sdk.devices.microphones = [{ id: 'evil', name: hostile }];
      setup.sdk.devices.microphone = 'evil';
      await answeredCall(setup);
      part(setup.el, 'devices-button')!.click();
      await setup.el.updateComplete;
      expect(part(setup.el, 'devices')!.querySelector('option')!.textContent).to.equal(hostile);
      expect(part(setup.el, 'devices')!.querySelector('img, b')).to.be.null;
    });
  });

  describe('configuration refused before any request', () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      ['a token URL of 3,000 characters', { 'token-url': `/t?${'a'.repeat(3000)}` }, /not a usable token-url/],
      ['a data: token URL', { 'token-url': 'data:application/json,{"token":"x"}' }, /not a usable token-url/],
      ['a GUID with a script in it', { 'teams-user-id': `${EXPERT_ID}<script>` }, /not a valid teams-user-id/],
      ['a Teams ID of 10,000 characters', { 'teams-user-id': 'a'.repeat(10_000) }, /not a valid teams-user-id/],
      [
        'a callee-name of 1,000 characters',
        { 'callee-name': 'x'.repeat(1000) },
        /The callee-name attribute is 1000 characters long/,
      ],
    ];
    for (const [what, attributes, message] of cases) {
      it(`refuses ${what}`, async () => {
        const fetchSpy = sinon.spy(window, 'fetch');
        const { loader } = fakeCalling();
        const el = document.createElement('teams-call-button');
        el.setAttribute('token-url', '/api/acs-token');
        el.setAttribute('teams-user-id', EXPERT_ID);
        for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
        el.sdkLoader = loader;
        document.body.append(el);
        const error = oneEvent(el, 'teams-call-error');
        await el.call();
        const { detail } = await error;
        expect(detail.code).to.equal('invalid-config');
        expect(detail.message).to.match(message);
        expect(detail.message.length, 'the message quotes a long value only in part').to.be.below(300);
        expect(fetchSpy.called).to.be.false;
        expect(loader.loads).to.equal(0);
        el.remove();
      });
    }
  });
});

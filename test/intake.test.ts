import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../src/define.js';
import { LOCALES } from '../src/i18n/locales/index.js';
import type { TeamsCallButton } from '../src/teams-call-button.js';
import { callButton, json, part, shadow, stubFetch, untilState, visibleText, waitFor } from './support/harness.js';
import { fakeCalling, makeJwt } from './support/fake-calling.js';

const INTAKE_URL = 'https://calls.contoso.example/api/callback';

const field = (el: TeamsCallButton, name: string) =>
  shadow(el).querySelector(`[part="intake"] [name="${name}"]`) as HTMLInputElement;
const active = (el: TeamsCallButton) => shadow(el).activeElement as HTMLElement | null;

/** A button with `intake` whose status code (where the form lives) has loaded. */
async function intakeButton(attributes: Record<string, string> = {}) {
  const setup = await callButton({ attributes: { intake: 'name topic', ...attributes } });
  await waitFor(() => part(setup.el, 'button') !== null, 'the button');
  return setup;
}

async function openForm(el: TeamsCallButton) {
  part(el, 'button')!.click();
  await waitFor(() => part(el, 'intake') !== null, 'the intake form');
}

describe('the intake before a call', () => {
  afterEach(() => sinon.restore());

  it('asks first, with the keyboard alone; the name is how the Teams user sees the caller, the topic goes with the call', async () => {
    const { el, sdk } = await intakeButton();
    const intakes: unknown[] = [];
    el.addEventListener('teams-call-intake', (event) => intakes.push(event.detail));
    part(el, 'button')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => active(el) === field(el, 'name'), 'the focus in the name field');
    expect(sdk.calls, 'no call before the intake').to.have.length(0);
    expect(visibleText(el, 'intake')).to.include('Before we call Dr. Lee');
    expect(visibleText(el, 'intake')).to.include('Dr. Lee will see this with your call.');
    await sendKeys({ type: 'Anna' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'Billing' });
    const next = sdk.nextCall();
    await sendKeys({ press: 'Enter' });
    const call = await next;

    expect(call.options).to.deep.equal({ video: false, topic: 'Billing' });
    expect(sdk.liveAgents[0].options.displayName).to.equal('Anna');
    expect(intakes).to.deep.equal([{ topic: 'Billing', named: true }]);
    expect(part(el, 'intake')).to.equal(null);
  });

  it('uses the token fetched on intent, whatever name the visitor gives', async () => {
    const setup = await intakeButton();
    const { el, sdk } = setup;
    el.dispatchEvent(new PointerEvent('pointerenter'));
    await waitFor(() => setup.tokenRequests === 1, 'the token fetched on intent');
    await openForm(el);
    field(el, 'name').value = 'Anna';
    field(el, 'topic').value = 'Claims';
    const next = sdk.nextCall();
    part(el, 'intake-call')!.click();
    await next;
    expect(setup.tokenRequests, 'one token for the visit').to.equal(1);
    expect(sdk.liveAgents.map((agent) => agent.options.displayName)).to.deep.equal(['Anna']);
  });

  it('says what is missing next to each field, and calls no one', async () => {
    const { el, sdk } = await intakeButton();
    const intakes: unknown[] = [];
    el.addEventListener('teams-call-intake', (event) => intakes.push(event.detail));
    await openForm(el);
    part(el, 'intake-call')!.click();
    await waitFor(() => field(el, 'name').getAttribute('aria-invalid') === 'true', 'the problems shown');
    expect(active(el)).to.equal(field(el, 'name'));
    const problems = [...shadow(el).querySelectorAll('[part="intake"] .problem')].map((p) => p.textContent!.trim());
    expect(problems).to.deep.equal(['Please enter your name.', 'Please say what the call is about.']);
    const described = field(el, 'topic').getAttribute('aria-describedby')!;
    expect(shadow(el).getElementById(described)!.textContent).to.equal('Please say what the call is about.');
    expect(sdk.calls).to.have.length(0);
    expect(intakes).to.have.length(0);
  });

  it('closes with Escape or Cancel, gives the focus back to the button, and calls no one', async () => {
    const { el, sdk } = await intakeButton();
    await openForm(el);
    await waitFor(() => active(el) === field(el, 'name'), 'the focus in the form');
    await sendKeys({ press: 'Escape' });
    await waitFor(() => part(el, 'intake') === null, 'the form closed');
    await waitFor(() => active(el) === part(el, 'button'), 'the focus on the button');
    await openForm(el);
    part(el, 'intake-cancel')!.click();
    await waitFor(() => part(el, 'intake') === null, 'the form closed');
    expect(sdk.calls).to.have.length(0);
  });

  it('lets the page keep the form open by cancelling teams-call-intake', async () => {
    const { el, sdk } = await intakeButton({ intake: 'topic' });
    el.addEventListener('teams-call-intake', (event) => event.preventDefault(), { once: true });
    await openForm(el);
    expect(field(el, 'name'), 'only the topic is asked').to.equal(null);
    field(el, 'topic').value = 'Billing';
    part(el, 'intake-call')!.click();
    await el.updateComplete;
    expect(part(el, 'intake')).not.to.equal(null);
    expect(sdk.calls).to.have.length(0);
    const next = sdk.nextCall();
    part(el, 'intake-call')!.click();
    const call = await next;
    expect(call.options.topic).to.equal('Billing');
    expect(sdk.liveAgents[0].options.displayName, 'display-name, as no name was asked').to.equal('Website visitor');
  });

  it('takes the page’s own fields from the intake slot, checked by their own rules', async () => {
    const { sdk, loader } = fakeCalling();
    const el = await fixture<TeamsCallButton>(html`
      <teams-call-button teams-user-id="6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b" callee-name="Dr. Lee" intake="name"
        .sdkLoader=${loader} .tokenProvider=${async () => makeJwt()}
        ><label slot="intake"
          >Topic
          <select name="topic" required>
            <option value="">Choose…</option>
            <option>Claims</option>
          </select></label
        ></teams-call-button
      >
    `);
    await waitFor(() => part(el, 'button') !== null, 'the button');
    await openForm(el);
    const select = el.querySelector('select')!;
    await waitFor(() => document.activeElement === select, 'the focus on the page’s first field');
    field(el, 'name').value = 'Anna';
    part(el, 'intake-call')!.click();
    await el.updateComplete;
    expect(sdk.calls, 'the page’s required field is empty').to.have.length(0);
    select.value = 'Claims';
    const next = sdk.nextCall();
    part(el, 'intake-call')!.click();
    expect((await next).options.topic).to.equal('Claims');
  });

  it('tells the expert through intake-url once the phone rings, once; a failure is reported and the call goes on', async () => {
    const fetch = stubFetch(() => json({ status: 'received' }));
    const { el, sdk } = await intakeButton({ 'intake-url': INTAKE_URL });
    const errors: unknown[] = [];
    el.addEventListener('teams-call-error', (event) => errors.push(event.detail));
    await openForm(el);
    field(el, 'name').value = 'Anna';
    field(el, 'topic').value = 'Billing';
    let next = sdk.nextCall();
    part(el, 'intake-call')!.click();
    let call = await next;
    await untilState(el, 'connecting');
    expect(fetch.requests, 'nothing before the phone rings').to.have.length(0);
    call.setState('Ringing');
    await waitFor(() => fetch.requests.length === 1, 'the announcement');
    call.setState('Connected');
    await untilState(el, 'connected');
    const request = fetch.requests[0];
    expect(request.url).to.equal(INTAKE_URL);
    const body = (await request.clone().json()) as Record<string, unknown>;
    expect(body).to.deep.equal({
      kind: 'calling',
      requestId: body.requestId,
      name: 'Anna',
      topic: 'Billing',
      expertName: 'Dr. Lee',
    });
    expect(fetch.requests, 'once per call').to.have.length(1);
    await el.hangUp();
    await untilState(el, 'ended');

    // The next call asks again, with the last answers filled in; this time the server fails.
    fetch.answerWith(() => json({ error: 'down' }, { status: 502 }));
    const warn = sinon.stub(console, 'warn');
    await openForm(el);
    expect(field(el, 'name').value).to.equal('Anna');
    expect(field(el, 'topic').value).to.equal('Billing');
    next = sdk.nextCall();
    part(el, 'intake-call')!.click();
    call = await next;
    call.setState('Ringing');
    await waitFor(() => errors.length === 1, 'the error event');
    expect(errors).to.deep.equal([
      { code: 'intake-not-delivered', message: "Dr. Lee couldn't be told what the call is about." },
    ]);
    expect(warn.firstCall.args[0]).to.include('the server answered 502');
    expect(el.state, 'the call goes on').to.equal('ringing');
  });

  it('sends no card for a call that never rang', async () => {
    const fetch = stubFetch(() => json({ status: 'received' }));
    const { el, sdk } = await intakeButton({ 'intake-url': INTAKE_URL });
    await openForm(el);
    field(el, 'name').value = 'Anna';
    field(el, 'topic').value = 'Billing';
    const next = sdk.nextCall();
    part(el, 'intake-call')!.click();
    (await next).end(603, 0);
    await untilState(el, 'ended');
    expect(fetch.requests).to.have.length(0);
  });

  for (const lang of LOCALES) {
    it(`reads in ${lang}, and the form with its problems is accessible`, async () => {
      const { el } = await intakeButton({ lang });
      await openForm(el);
      await waitFor(() => !visibleText(el, 'intake').includes('Before we call'), `${lang} texts`);
      part(el, 'intake-call')!.click();
      await waitFor(() => field(el, 'name').getAttribute('aria-invalid') === 'true', 'the problems shown');
      await expect(el).to.be.accessible();
    });
  }
});

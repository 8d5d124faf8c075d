import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../src/define.js';
import { LOCALES } from '../src/i18n/locales/index.js';
import type { TeamsCallButton } from '../src/teams-call-button.js';
import {
  callButton,
  json,
  part,
  shadow,
  stubFetch,
  visibleText,
  waitFor,
  type StubbedFetch,
} from './support/harness.js';

const CALLBACK_URL = 'https://calls.contoso.example/api/callback';
/** Closed all day today: the click is held, and the callback is offered. */
const closedToday = () => ({
  hours: 'Mo-Su 00:00-24:00',
  'time-zone': 'UTC',
  'closed-dates': new Date().toISOString().slice(0, 10),
  'callback-url': CALLBACK_URL,
});

/** A closed button whose click was held, so that "Request a callback" is offered. */
async function heldButton(answer: (request: Request) => Response = () => json({ status: 'received' }), lang = '') {
  const fetch = stubFetch(answer);
  const setup = await callButton({ attributes: { ...closedToday(), ...(lang && { lang }) } });
  await waitFor(() => part(setup.el, 'availability') !== null, 'the hours shown');
  part(setup.el, 'button')!.click();
  await waitFor(() => part(setup.el, 'callback-button') !== null, 'the offer');
  return { ...setup, fetch };
}

const field = (el: TeamsCallButton, name: string) =>
  shadow(el).querySelector(`[part="callback"] [name="${name}"]`) as HTMLInputElement;
const active = (el: TeamsCallButton) => shadow(el).activeElement as HTMLElement | null;
const sentBody = async (fetch: StubbedFetch) =>
  (await fetch.requests.at(-1)!.clone().json()) as Record<string, unknown>;

describe('requesting a callback', () => {
  afterEach(() => sinon.restore());

  it('is offered when a click is held, and filled and sent with the keyboard alone', async () => {
    const { el, fetch, sdk } = await heldButton();
    const events: unknown[] = [];
    el.addEventListener('teams-call-callback-requested', (event) => events.push(event.detail));
    part(el, 'callback-button')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => active(el) === field(el, 'name'), 'the focus in the name field');
    await sendKeys({ type: 'Anna Visitor' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '+31 20 123 4567' });
    await sendKeys({ press: 'Tab' }); // e-mail, left empty
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'Mornings' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'My invoice' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'Tab' });
    expect(active(el)?.getAttribute('part')).to.equal('callback-send');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => part(el, 'callback-sent') !== null, 'the confirmation');

    expect(new URL(fetch.requests[0].url).href).to.equal(CALLBACK_URL);
    expect(fetch.requests[0].method).to.equal('POST');
    const body = await sentBody(fetch);
    expect(body.requestId).to.match(/^[0-9a-f-]{36}$/);
    expect(body).to.deep.equal({
      requestId: body.requestId,
      name: 'Anna Visitor',
      phone: '+31 20 123 4567',
      preferredTime: 'Mornings',
      message: 'My invoice',
      expertName: 'Dr. Lee',
      reason: 'closed',
      consent: true,
    });
    expect(visibleText(el, 'callback-sent')).to.equal('Thank you. Dr. Lee will get back to you.');
    expect(events).to.deep.equal([{ requestId: body.requestId, reason: 'closed' }]);
    expect(sdk.calls).to.have.length(0);
  });

  it('says what is missing next to each field, focuses the first, and sends nothing', async () => {
    const { el, fetch } = await heldButton();
    part(el, 'callback-button')!.click();
    await waitFor(() => part(el, 'callback') !== null, 'the form');
    part(el, 'callback-send')!.click();
    await waitFor(() => field(el, 'name').getAttribute('aria-invalid') === 'true', 'the problems shown');
    expect(active(el)).to.equal(field(el, 'name'));
    const problems = [...shadow(el).querySelectorAll('[part="callback"] .problem:not([hidden])')].map((p) =>
      p.textContent!.trim(),
    );
    expect(problems).to.deep.equal([
      'Please enter your name.',
      'Please enter a phone number or an e-mail address we can reach you at.',
      'Please agree to be contacted, so that we can call you back.',
    ]);
    const nameProblem = field(el, 'name').getAttribute('aria-describedby')!;
    expect(shadow(el).getElementById(nameProblem)!.textContent).to.equal('Please enter your name.');
    field(el, 'name').value = 'Anna';
    field(el, 'email').value = 'not an address';
    (shadow(el).querySelector('[name="consent"]') as HTMLInputElement).checked = true;
    part(el, 'callback-send')!.click();
    await waitFor(() => field(el, 'name').getAttribute('aria-invalid') === 'false', 'the name accepted');
    expect(field(el, 'email').getAttribute('aria-invalid')).to.equal('true');
    expect(fetch.requests).to.have.length(0);
  });

  it('shows the server’s refusals, and a retry sends the same request ID', async () => {
    const answers = [
      () => json({ error: 'bad', field: 'phone' }, { status: 400 }),
      () => new Response('{}', { status: 429, headers: { 'Retry-After': '30' } }),
      () => json({ error: 'down' }, { status: 502 }),
      () => json({ status: 'received' }),
    ];
    const { el, fetch } = await heldButton(() => answers.shift()!());
    part(el, 'callback-button')!.click();
    await waitFor(() => part(el, 'callback') !== null, 'the form');
    field(el, 'name').value = 'Anna';
    field(el, 'phone').value = '+31 20 123 4567';
    (shadow(el).querySelector('[name="consent"]') as HTMLInputElement).checked = true;
    const send = async (what: string, done: () => boolean) => {
      const before = fetch.requests.length;
      part(el, 'callback-send')!.click();
      await waitFor(() => fetch.requests.length === before + 1 && done(), what);
    };
    await send('the phone refused', () => field(el, 'phone').getAttribute('aria-invalid') === 'true');
    await send('the busy message', () => visibleText(el, 'callback').includes('try again in 30 seconds'));
    await send('the failure', () => visibleText(el, 'callback').includes("Your request couldn't be sent."));
    await send('the confirmation', () => part(el, 'callback-sent') !== null);
    const ids = await Promise.all(fetch.requests.map(async (request) => (await request.clone().json()).requestId));
    expect(new Set(ids).size, 'one request, sent four times').to.equal(1);
  });

  it('is offered after a declined call, with that reason, and goes with the next call', async () => {
    const fetch = stubFetch(() => json({ status: 'received' }));
    const { el, sdk } = await callButton({ attributes: { 'callback-url': CALLBACK_URL } });
    const next = sdk.nextCall();
    part(el, 'button')!.click();
    (await next).end(603, 0);
    await waitFor(() => part(el, 'callback-button') !== null, 'the offer after the declined call');
    part(el, 'callback-button')!.click();
    await waitFor(() => part(el, 'callback') !== null, 'the form');
    field(el, 'name').value = 'Anna';
    field(el, 'email').value = 'anna@example.org';
    (shadow(el).querySelector('[name="consent"]') as HTMLInputElement).checked = true;
    part(el, 'callback-send')!.click();
    await waitFor(() => fetch.requests.length === 1, 'the request');
    expect((await sentBody(fetch)).reason).to.equal('declined');
    await waitFor(() => part(el, 'callback-sent') !== null, 'the confirmation');

    const again = sdk.nextCall();
    part(el, 'button')!.click();
    await again;
    await waitFor(() => part(el, 'callback-sent') === null, 'the confirmation gone with a new call');
  });

  it('offers nothing without callback-url', async () => {
    const { el } = await callButton({
      attributes: { hours: 'Mo-Su 00:00-24:00', 'time-zone': 'UTC', 'closed-dates': closedToday()['closed-dates'] },
    });
    await waitFor(() => part(el, 'availability') !== null, 'the hours shown');
    part(el, 'button')!.click();
    await waitFor(() => part(el, 'held') !== null && !part(el, 'held')!.hidden, 'the reason');
    expect(part(el, 'callback-button')).to.equal(null);
  });

  for (const lang of LOCALES) {
    it(`reads in ${lang}, and the open form is accessible`, async () => {
      const { el } = await heldButton(undefined, lang);
      await waitFor(() => part(el, 'callback-button')!.textContent!.trim() !== 'Request a callback', `${lang} texts`);
      part(el, 'callback-button')!.click();
      await waitFor(() => part(el, 'callback') !== null, 'the form');
      part(el, 'callback-send')!.click();
      await waitFor(() => field(el, 'name').getAttribute('aria-invalid') === 'true', 'the problems shown');
      await expect(el).to.be.accessible();
    });
  }
});

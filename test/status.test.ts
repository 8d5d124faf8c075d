import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import '../src/define.js';
import { LOCALES } from '../src/i18n/locales/index.js';
import type { TeamsCallAvailabilityChangeEvent } from '../src/status/index.js';
import type { TeamsCallButton } from '../src/teams-call-button.js';
import {
  EXPERT_ID,
  callButton,
  fakeClock,
  json,
  part,
  stubFetch,
  visibleText,
  waitFor,
  type Setup,
} from './support/harness.js';
import { makeJwt } from './support/fake-calling.js';

const AVAILABILITY_URL = 'https://calls.contoso.example/api/availability';

/** A button with availability from a stubbed server whose answer the test sets, and the requests it got. */
async function availabilityButton(attributes: Record<string, string> = {}) {
  let current = 'Busy';
  const fetch = stubFetch(() => json({ availability: { [EXPERT_ID]: current }, refreshSeconds: 30 }));
  const changes: TeamsCallAvailabilityChangeEvent['detail'][] = [];
  const setup = await callButton({ attributes: { 'availability-url': AVAILABILITY_URL, ...attributes } });
  setup.el.addEventListener('teams-call-availability-change', (event) => changes.push(event.detail));
  return { ...setup, fetch, changes, set: (value: string) => (current = value) };
}

const statusText = (el: TeamsCallButton) => visibleText(el, 'availability');

/** Under a fake clock: lets time pass in small steps until `condition` holds (waitFor's own timer would be faked). */
async function tickUntil(clock: sinon.SinonFakeTimers, condition: () => boolean, what: string) {
  for (let step = 0; step < 200 && !condition(); step++) {
    await clock.tickAsync(10);
    await new Promise((resolve) => requestAnimationFrame(resolve)); // real frames: the call waits for one
  }
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('availability and opening hours on the button', () => {
  afterEach(() => sinon.restore());

  it('shows the expert’s availability, asks again after refreshSeconds, and tells the page of each change', async () => {
    const clock = fakeClock({ now: Date.parse('2026-12-02T10:00:00Z') });
    const { el, fetch, changes, set } = await availabilityButton();
    await tickUntil(clock, () => statusText(el) === 'In a call', 'the availability shown');
    const url = new URL(fetch.requests[0].url);
    expect(`${url.origin}${url.pathname}`).to.equal(AVAILABILITY_URL);
    expect(url.searchParams.get('users')).to.equal(EXPERT_ID);
    expect(part(el, 'availability')!.dataset.availability).to.equal('Busy');
    expect(part(el, 'button')!.getAttribute('aria-describedby')).to.contain('availability');

    set('Available');
    await clock.tickAsync(28_000);
    expect(fetch.requests, 'not before refreshSeconds').to.have.length(1);
    await tickUntil(clock, () => statusText(el) === 'Available', 'the new availability');
    expect(fetch.requests).to.have.length(2);
    expect(changes).to.deep.equal([
      { availability: 'Busy', callable: true },
      { availability: 'Available', callable: true },
    ]);
  });

  it('asks nothing while the button is off screen, and asks again when it comes back', async () => {
    const { el, fetch } = await availabilityButton({ style: 'position: absolute; top: 20000px' });
    await settle();
    expect(fetch.requests, 'off screen').to.have.length(0);
    el.style.top = '0';
    await waitFor(() => fetch.requests.length === 1, 'a request once on screen');
    await waitFor(() => statusText(el) === 'In a call', 'the availability shown');
  });

  it('with availability-policy="hold", does not call a busy expert: says why and shows the page’s own way', async () => {
    const { el, sdk, loader, changes } = await availabilityButton({ 'availability-policy': 'hold' });
    const other = document.createElement('a');
    other.slot = 'unavailable';
    other.href = '/contact';
    other.textContent = 'Write to us';
    el.append(other);
    await waitFor(() => statusText(el) === 'In a call', 'the availability shown');
    expect(changes.at(-1)).to.deep.equal({ availability: 'Busy', callable: false });
    part(el, 'button')!.click();
    await settle();
    expect(visibleText(el, 'held')).to.equal("Dr. Lee can't take a call right now.");
    expect(part(el, 'unavailable')).to.exist;
    expect(sdk.calls, 'no call').to.have.length(0);
    expect(loader.loads, 'not even the SDK').to.equal(0);
  });

  it('with the default policy, shows a busy expert and still calls', async () => {
    const setup: Setup = await availabilityButton();
    await waitFor(() => statusText(setup.el) === 'In a call', 'the availability shown');
    const next = setup.sdk.nextCall();
    part(setup.el, 'button')!.click();
    await next;
  });

  it('ignores availability-url for a Teams voice app, and says so in the console', async () => {
    const warn = sinon.stub(console, 'warn');
    const fetch = stubFetch(() => json({}));
    const el = document.createElement('teams-call-button');
    el.setAttribute('teams-app-id', '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d');
    el.setAttribute('availability-url', AVAILABILITY_URL);
    document.body.append(el);
    try {
      await waitFor(() => warn.called, 'the warning');
      expect(String(warn.firstCall.args[0])).to.contain('a Teams voice app has no presence');
      expect(fetch.requests).to.have.length(0);
      expect(part(el, 'availability')).to.equal(null);
    } finally {
      el.remove();
    }
  });

  it('outside the hours, says when the expert is back on the visitor’s clock, holds the click, and opens on time', async () => {
    // Friday 2026-12-04 18:00 in Amsterdam: back on Monday at 09:00 there.
    const clock = fakeClock({ now: Date.parse('2026-12-04T17:00:00Z') });
    const changes: unknown[] = [];
    const setup = await callButton({
      attributes: { hours: 'Mo-Fr 09:00-17:30', 'time-zone': 'Europe/Amsterdam' },
    });
    const { el, sdk } = setup;
    el.addEventListener('teams-call-availability-change', (event) => changes.push(event.detail));
    await tickUntil(clock, () => part(el, 'availability') !== null, 'the hours shown');
    const monday = new Date('2026-12-07T08:00:00Z');
    const time = new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit' }).format(monday);
    expect(statusText(el)).to.equal(`Back Monday at ${time}`);
    part(el, 'button')!.click();
    await clock.tickAsync(0);
    expect(visibleText(el, 'held')).to.equal("Dr. Lee isn't available at this time.");
    expect(sdk.calls).to.have.length(0);

    await clock.tickAsync(monday.getTime() - Date.now());
    await tickUntil(clock, () => part(el, 'availability') === null, 'nothing to say while open');
    expect(part(el, 'held')!.hidden, 'the reason goes with it').to.be.true;
    expect(changes.at(-1)).to.deep.equal({ open: true, callable: true });
    clock.restore(); // the call itself runs on real time
    // The provider's token was made on the fake clock, so it expired on the real one once real time passed that Friday.
    setup.token = makeJwt();
    const next = sdk.nextCall();
    part(el, 'button')!.click();
    await next;
  });

  for (const lang of LOCALES) {
    it(`reads in ${lang}, and is accessible`, async () => {
      const fetch = stubFetch(() => json({ availability: { [EXPERT_ID]: 'Away' }, refreshSeconds: 30 }));
      const { el } = await callButton({ attributes: { lang, 'availability-url': AVAILABILITY_URL } });
      await waitFor(() => fetch.requests.length > 0 && part(el, 'availability') !== null, 'the availability shown');
      await waitFor(() => statusText(el) !== 'Away', `the ${lang} text`, 3000);
      await expect(el).to.be.accessible();
    });
  }
});

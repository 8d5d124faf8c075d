/** What frameworks and plugin authors do with the element that plain HTML does not. */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import sinon from 'sinon';
import '../src/define.js';
import { TeamsCallButton } from '../src/teams-call-button.js';
import { SIMULATION_TIMING } from '../src/backends/simulated-sdk.js';
import { EXPERT_ID, fakeClock, part, untilState } from './support/harness.js';

describe('a bare simulate, as frameworks set it', () => {
  afterEach(() => sinon.restore());

  for (const value of [true, 'true', ''] as const) {
    it(`plays the default scenario for simulate = ${JSON.stringify(value)}`, async () => {
      const el = await fixture<TeamsCallButton>(
        html`<teams-call-button .simulate=${value} teams-user-id=${EXPERT_ID}></teams-call-button>`,
      );
      await el.updateComplete;
      expect(part(el, 'badge'), 'the simulation badge').to.exist;
      const clock = fakeClock();
      const errors: unknown[] = [];
      el.addEventListener('teams-call-error', (event) => errors.push(event.detail));
      await el.call();
      await clock.tickAsync(SIMULATION_TIMING.connecting + SIMULATION_TIMING.ringing + SIMULATION_TIMING.answer);
      await untilState(el, 'connected');
      expect(errors).to.deep.equal([]);
    });
  }

  it('is off for simulate = false, as React passes a false prop', async () => {
    const el = await fixture<TeamsCallButton>(
      html`<teams-call-button .simulate=${false} teams-user-id=${EXPERT_ID}></teams-call-button>`,
    );
    expect(part(el, 'badge')).to.be.null;
    const error = oneEvent(el, 'teams-call-error');
    await el.call();
    expect((await error).detail.code, 'a real call, which needs a token source').to.equal('invalid-config');
  });

  it('names a wrong scenario as a configuration error, never a network one', async () => {
    const el = await fixture<TeamsCallButton>(html`<teams-call-button simulate="voicemail"></teams-call-button>`);
    const error = oneEvent(el, 'teams-call-error');
    await el.call();
    expect((await error).detail.code).to.equal('invalid-config');
  });
});

describe('TeamsCallButton.define', () => {
  it('registers the element under a name of the page’s choosing, beside the default one, and never throws twice', async () => {
    TeamsCallButton.define('acme-call-button');
    TeamsCallButton.define('acme-call-button');
    TeamsCallButton.define();
    const Acme = customElements.get('acme-call-button')!;
    expect(Acme.prototype).to.be.instanceOf(TeamsCallButton);
    const el = await fixture<TeamsCallButton>(
      html`<acme-call-button simulate callee-name="Dr. Lee"></acme-call-button>`,
    );
    expect(part(el, 'button')!.textContent!.trim()).to.equal('Call Dr. Lee');
  });
});

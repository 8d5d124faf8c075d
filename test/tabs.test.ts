import { expect } from '@open-wc/testing';
import '../src/define.js';
import { answeredCall, callButton, clickToCall, part, untilState, visibleText, waitFor } from './support/harness.js';

/** Another tab of the site, as the element's tabs hear it: the same origin's channel; it answers a tab that asks. */
function anotherTab() {
  const channel = new BroadcastChannel('teams-call-button:calls');
  const heard: { inCall: boolean; asking?: boolean }[] = [];
  let inCall = false;
  const say = (message: { inCall: boolean; asking?: boolean }) => {
    inCall = message.inCall;
    channel.postMessage({ tab: 'other-tab', ...message });
  };
  channel.onmessage = ({ data }) => {
    heard.push(data);
    if (data.asking && inCall) say({ inCall });
  };
  return { heard, say, close: () => channel.close() };
}
const aMoment = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('one call across the site’s tabs', () => {
  let other: ReturnType<typeof anotherTab>;
  beforeEach(() => (other = anotherTab()));
  afterEach(() => {
    other.say({ inCall: false });
    other.close();
  });

  // First in this file: the element's call code (and its channel) loads here, after the other tab's call began.
  it('learns on loading that another tab is in a call, says so, calls no one, and calls once that call has ended', async () => {
    other.say({ inCall: true });
    const setup = await callButton();
    const { el, sdk } = setup;
    const errors: unknown[] = [];
    el.addEventListener('teams-call-error', (event) => errors.push(event.detail));
    await el.prepare();
    await waitFor(() => other.heard.some((message) => message.asking), 'the question of the tab that opened');
    await aMoment();
    part(el, 'button')!.click();
    await untilState(el, 'failed');
    expect(visibleText(el, 'message')).to.equal(
      'You are already in a call in another tab of this site. End that call to call from here.',
    );
    expect(errors).to.deep.equal([
      {
        code: 'busy',
        message: 'You are already in a call in another tab of this site. End that call to call from here.',
      },
    ]);
    expect(sdk.calls).to.have.length(0);

    other.say({ inCall: false });
    await aMoment();
    await clickToCall(setup);
    expect(sdk.calls).to.have.length(1);
  });

  it('tells the other tabs while its call is placed, answers a tab that asks, and says when it ends', async () => {
    const setup = await callButton();
    await answeredCall(setup);
    await waitFor(() => other.heard.some((message) => message.inCall), 'the call announced');
    other.heard.length = 0;
    other.say({ inCall: false, asking: true });
    await waitFor(() => other.heard.length > 0, 'an answer to the asking tab');
    expect(other.heard[0]).to.include({ inCall: true });
    await setup.el.hangUp();
    await untilState(setup.el, 'ended');
    await waitFor(() => other.heard.some((message) => !message.inCall), 'the end announced');
  });
});

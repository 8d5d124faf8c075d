import { expect } from '@open-wc/testing';
import '../src/define.js';
import { callButton, part, untilState, waitFor } from './support/harness.js';

async function button(preload: string | undefined, style = '') {
  const setup = await callButton({ attributes: { preload: preload ?? 'intent', style } });
  return { ...setup, tokens: () => setup.tokenRequests };
}

describe('preload', () => {
  it('intent (the default): loads the SDK, gets the token and the agent on hover, so the click goes straight to the call', async () => {
    const { el, sdk, loader, tokens } = await button(undefined);
    expect(loader.loads, 'nothing before intent').to.equal(0);
    el.dispatchEvent(new PointerEvent('pointerenter'));
    await waitFor(() => sdk.agents.length === 1, 'agent ready on hover');
    expect(loader.loads).to.equal(1);
    expect(tokens()).to.equal(1);
    el.dispatchEvent(new PointerEvent('pointerenter'));
    part(el, 'button')!.focus();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect([loader.loads, tokens(), sdk.agents.length], 'each at most once').to.deep.equal([1, 1, 1]);

    const next = sdk.nextCall();
    part(el, 'button')!.click();
    await next;
    expect([tokens(), sdk.agents.length], 'the click used what intent readied').to.deep.equal([1, 1]);
  });

  it('none: nothing before the click, whatever the pointer does', async () => {
    const { el, sdk, loader, tokens } = await button('none');
    el.dispatchEvent(new PointerEvent('pointerenter'));
    part(el, 'button')!.focus();
    el.dispatchEvent(new TouchEvent('touchstart'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect([loader.loads, tokens()]).to.deep.equal([0, 0]);
    const next = sdk.nextCall();
    part(el, 'button')!.click();
    await next;
    await untilState(el, 'connecting');
    expect([loader.loads, tokens()]).to.deep.equal([1, 1]);
  });

  it('eager: loads the SDK at once, and no token until intent', async () => {
    const { loader, tokens } = await button('eager');
    await waitFor(() => loader.loads === 1, 'SDK loaded without interaction');
    expect(tokens()).to.equal(0);
  });

  it('visible: loads the SDK when the button scrolls into view', async () => {
    const spacer = document.createElement('div');
    spacer.style.height = '300vh';
    document.body.prepend(spacer);
    try {
      const { el, loader, tokens } = await button('visible');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(loader.loads, 'off screen: nothing').to.equal(0);
      el.scrollIntoView();
      await waitFor(() => loader.loads === 1, 'SDK loaded once visible');
      expect(tokens()).to.equal(0);
    } finally {
      spacer.remove();
    }
  });

  it('prepare(): a page readies the call on its own signal, and hears why it cannot start', async () => {
    const { el, loader } = await button('none');
    await el.prepare();
    expect(loader.loads).to.equal(1);
    el.teamsUserId = 'nobody';
    let refused: unknown;
    await el.prepare().catch((error: unknown) => (refused = error));
    expect(String(refused)).to.contain('not a valid teams-user-id');
  });
});

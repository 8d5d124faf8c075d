import { expect } from '@open-wc/testing';
import '../src/define.js';
import { callButton, part, untilState, visibleText, waitFor } from './support/harness.js';

async function button(preload: string | undefined, style = '') {
  const setup = await callButton({ attributes: { preload: preload ?? 'intent', style } });
  return { ...setup, tokens: () => setup.tokenRequests };
}

/** What the element has done with the SDK and the token: [fetched ahead, evaluated, tokens]. */
const progress = ({ loader, tokens }: Awaited<ReturnType<typeof button>>) => [loader.preloads, loader.loads, tokens()];
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('preload', () => {
  it('intent (the default): fetches the SDK and gets the token on hover, and evaluates nothing before the click', async () => {
    const setup = await button(undefined);
    const { el, sdk } = setup;
    expect(progress(setup), 'nothing before intent').to.deep.equal([0, 0, 0]);
    el.dispatchEvent(new PointerEvent('pointerenter'));
    await waitFor(() => setup.tokens() === 1, 'token on hover');
    el.dispatchEvent(new PointerEvent('pointerenter'));
    part(el, 'button')!.focus();
    await settle();
    expect(progress(setup), 'each at most once, and no evaluation').to.deep.equal([1, 0, 1]);
    expect(sdk.agents, 'no agent before the SDK is evaluated').to.have.length(0);

    const next = sdk.nextCall();
    part(el, 'button')!.click();
    await next;
    expect(progress(setup), 'the click used the token intent got').to.deep.equal([1, 1, 1]);
    expect(sdk.agents).to.have.length(1);
  });

  it('evaluates the SDK only once the click has put the panel on screen', async () => {
    const setup = await button(undefined);
    const { el, sdk, loader } = setup;
    let panelShownAtEvaluation: boolean | undefined;
    el.sdkLoader = Object.assign(() => ((panelShownAtEvaluation = part(el, 'panel') !== null), loader()), {
      preload: loader.preload,
    });
    el.dispatchEvent(new PointerEvent('pointerenter'));
    await waitFor(() => setup.tokens() === 1, 'token on hover');
    const next = sdk.nextCall();
    part(el, 'button')!.click();
    await el.updateComplete;
    expect(loader.loads, 'not in the click, nor in its first render').to.equal(0);
    await next;
    expect(panelShownAtEvaluation, 'the panel was rendered first').to.be.true;
  });

  it('the click’s own frame only says "Getting ready…" on the button; the panel, and the focus, follow a frame later', async () => {
    const setup = await button(undefined);
    const { el, sdk } = setup;
    el.dispatchEvent(new PointerEvent('pointerenter'));
    await waitFor(() => setup.tokens() === 1, 'token on hover');
    const trigger = part(el, 'button')!;
    trigger.focus();
    const next = sdk.nextCall();
    trigger.click();
    await untilState(el, 'preparing');
    expect(part(el, 'panel') !== null, 'a panel in the click’s frame').to.be.false;
    expect(trigger.getAttribute('aria-busy')).to.equal('true');
    expect(visibleText(el, 'message')).to.equal('Getting ready…');
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(part(el, 'panel') !== null, 'a panel before that frame is painted').to.be.false;
    await waitFor(() => part(el, 'panel') !== null, 'the panel');
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.closest('[part~="panel"]'), 'the focus moved into the panel').to.exist;
    await next;
  });

  it('none: nothing before the click, whatever the pointer does', async () => {
    const setup = await button('none');
    const { el, sdk } = setup;
    el.dispatchEvent(new PointerEvent('pointerenter'));
    part(el, 'button')!.focus();
    el.dispatchEvent(new TouchEvent('touchstart'));
    await settle();
    expect(progress(setup)).to.deep.equal([0, 0, 0]);
    const next = sdk.nextCall();
    part(el, 'button')!.click();
    await next;
    await untilState(el, 'connecting');
    expect(progress(setup)).to.deep.equal([1, 1, 1]);
  });

  it('intent: keyboard focus readies the call as hovering does', async () => {
    const setup = await button(undefined);
    part(setup.el, 'button')!.focus();
    await waitFor(() => setup.tokens() === 1, 'token on focus');
    await settle();
    expect(progress(setup)).to.deep.equal([1, 0, 1]);
  });

  it('eager: fetches the SDK at once, evaluates nothing, and gets no token until intent', async () => {
    const setup = await button('eager');
    await waitFor(() => setup.loader.preloads === 1, 'SDK fetched without interaction');
    await settle();
    expect(progress(setup)).to.deep.equal([1, 0, 0]);
  });

  it('visible: fetches the SDK when the button scrolls into view, and evaluates nothing', async () => {
    const spacer = document.createElement('div');
    spacer.style.height = '300vh';
    document.body.prepend(spacer);
    try {
      const setup = await button('visible');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(progress(setup), 'off screen: nothing').to.deep.equal([0, 0, 0]);
      setup.el.scrollIntoView();
      await waitFor(() => setup.loader.preloads === 1, 'SDK fetched once visible');
      await settle();
      expect(progress(setup)).to.deep.equal([1, 0, 0]);
    } finally {
      spacer.remove();
    }
  });

  it('prepare(): a page readies the call on its own signal, and hears why it cannot start', async () => {
    const setup = await button('none');
    const { el } = setup;
    await el.prepare(true);
    expect(progress(setup)).to.deep.equal([1, 0, 1]);
    el.teamsUserId = 'nobody';
    let refused: unknown;
    await el.prepare().catch((error: unknown) => (refused = error));
    expect(String(refused)).to.contain('not a valid teams-user-id');
  });
});

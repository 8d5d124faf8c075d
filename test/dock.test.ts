import { expect } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import '../src/define.js';
import { LOCALES } from '../src/i18n/locales/index.js';
import type { TeamsCallButton } from '../src/teams-call-button.js';
import { answeredCall, callButton, part, shadow, untilState, visibleText, waitFor } from './support/harness.js';

/** A page long enough to scroll the call out of view: a long text after the button. */
let spacer: HTMLElement | undefined;
function longPage() {
  spacer = document.createElement('div');
  spacer.style.height = '4000px';
  document.body.append(spacer);
}
const scrollAway = () => window.scrollTo(0, document.documentElement.scrollHeight);
const scrollBack = () => window.scrollTo(0, 0);
const dock = (el: TeamsCallButton) => part(el, 'dock');
const dockButton = (el: TeamsCallButton, text: string) =>
  [...dock(el)!.querySelectorAll('button')].find((button) => button.textContent!.trim() === text)!;

async function callScrolledAway(attributes: Record<string, string> = {}) {
  const setup = await callButton({ attributes });
  longPage();
  const call = await answeredCall(setup);
  scrollAway();
  return { ...setup, call };
}

describe('the docked bar', () => {
  afterEach(async () => {
    spacer?.remove();
    spacer = undefined;
    scrollBack();
    await setViewport({ width: 800, height: 600 });
    document.documentElement.removeAttribute('dir');
  });

  it('keeps the call in sight while the panel is scrolled away, and goes when it is back', async () => {
    const { el, call } = await callScrolledAway();
    await waitFor(() => dock(el) !== null, 'the docked bar');
    expect(visibleText(el, 'dock')).to.match(/^On a call with Dr\. Lee 00:0\d Mute Hang up Back to the call$/);
    const box = dock(el)!.getBoundingClientRect();
    expect(box.bottom).to.be.at.most(innerHeight);
    expect(box.right).to.be.at.most(document.documentElement.clientWidth);
    expect(box.top).to.be.at.least(0);

    dockButton(el, 'Mute').click();
    await waitFor(() => call.isMuted, 'the call muted from the bar');
    await waitFor(() => dockButton(el, 'Mute').getAttribute('aria-pressed') === 'true', 'the bar showing it');

    // The focus on the bar's mute as the visitor scrolls back: it moves to the panel's mute, never to the page.
    dockButton(el, 'Mute').focus();
    scrollBack();
    await waitFor(() => dock(el) === null, 'the bar gone with the panel in view');
    expect(shadow(el).activeElement).to.equal(part(el, 'mute-button'));
    scrollAway();
    await waitFor(() => dock(el) !== null, 'the bar again');
    dockButton(el, 'Hang up').click();
    await untilState(el, 'ended');
    expect(dock(el), 'no bar after the call').to.equal(null);
  });

  it('shows a recording notice that starts while the panel is away in the bar itself, and announces it', async () => {
    const { el, call } = await callScrolledAway();
    await waitFor(() => dock(el) !== null, 'the docked bar');
    call.setRecording(true);
    await waitFor(() => visibleText(el, 'dock-notice') === 'This call is being recorded.', 'the notice in the bar');
    const alert = shadow(el).querySelector('[part~="notice"] [role="alert"]');
    expect(alert?.textContent, 'announced by the panel’s alert').to.include('This call is being recorded.');
  });

  it('asks the consent a notice needs in the bar, when the page requires it', async () => {
    const { el, call } = await callScrolledAway({ 'recording-consent': 'required' });
    call.setRecording(true);
    await waitFor(() => dock(el) !== null && visibleText(el, 'dock-notice') !== '', 'the notice in the bar');
    expect(visibleText(el, 'dock')).to.include('Continue');
    dockButton(el, 'Leave call').click();
    await untilState(el, 'ended');
  });

  it('stays above a fixed footer the page declares through its custom property', async () => {
    const footer = document.createElement('footer');
    footer.style.cssText = 'position: fixed; inset: auto 0 0 0; height: 72px; background: #333';
    document.body.append(footer);
    try {
      const { el } = await callScrolledAway();
      el.style.setProperty('--teams-call-dock-inset-block-end', '80px');
      await waitFor(() => dock(el) !== null, 'the docked bar');
      expect(dock(el)!.getBoundingClientRect().bottom).to.be.at.most(footer.getBoundingClientRect().top);
    } finally {
      footer.remove();
    }
  });

  it('takes the visitor back to the panel, with the focus, from the keyboard', async () => {
    const { el } = await callScrolledAway();
    await waitFor(() => dock(el) !== null, 'the docked bar');
    part(el, 'dock-return')!.focus();
    await sendKeys({ press: 'Enter' });
    const inView = () => {
      const panel = part(el, 'panel')!.getBoundingClientRect();
      return panel.top >= 0 && panel.bottom <= innerHeight;
    };
    await waitFor(inView, 'the whole panel scrolled into view', 4000);
    await waitFor(() => dock(el) === null, 'the bar gone');
    expect(part(el, 'panel')!.contains(shadow(el).activeElement), 'the focus in the panel').to.equal(true);
  });

  it('is never shown with dock="never"', async () => {
    const { el } = await callScrolledAway({ dock: 'never' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(dock(el)).to.equal(null);
  });

  it('docks only the button with a call, and follows the minimised panel', async () => {
    const other = document.createElement('teams-call-button');
    other.setAttribute('simulate', '');
    document.body.prepend(other);
    try {
      const setup = await callButton();
      longPage();
      await answeredCall(setup);
      part(setup.el, 'panel')!.querySelector<HTMLElement>('[data-control="minimize"]')!.click();
      await waitFor(() => part(setup.el, 'panel')!.classList.contains('minimized'), 'the panel minimised');
      scrollAway();
      await waitFor(() => dock(setup.el) !== null, 'the docked bar of the minimised call');
      expect(part(other, 'dock')).to.equal(null);
    } finally {
      other.remove();
    }
  });

  it('fits a 320 px wide phone, in the inline-end corner (left in right-to-left pages)', async () => {
    await setViewport({ width: 320, height: 640 });
    document.documentElement.setAttribute('dir', 'rtl');
    const { el } = await callScrolledAway({ lang: 'ar' });
    await waitFor(
      () => dock(el) !== null && !visibleText(el, 'dock').includes('Back to the call'),
      'the bar in Arabic',
    );
    const box = dock(el)!.getBoundingClientRect();
    expect(box.left).to.be.at.least(0);
    expect(box.right).to.be.at.most(320);
    expect(box.left, 'on the left').to.be.below(320 - box.right);
    expect(dock(el)!.scrollWidth).to.be.at.most(dock(el)!.clientWidth);
  });

  it('slides in, unless the visitor asks for reduced motion; stays accessible in forced colours', async () => {
    const { el } = await callScrolledAway();
    await waitFor(() => dock(el) !== null, 'the docked bar');
    expect(getComputedStyle(dock(el)!).animationName).to.equal('dock-in');
    try {
      await emulateMedia({ reducedMotion: 'reduce', forcedColors: 'active' });
      expect(getComputedStyle(dock(el)!).animationName).to.equal('none');
      await expect(el).to.be.accessible();
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference', forcedColors: 'none' });
    }
  });

  for (const lang of LOCALES) {
    it(`reads in ${lang}, and is accessible`, async () => {
      const { el, call } = await callScrolledAway({ lang });
      call.setRecording(true);
      await waitFor(() => dock(el) !== null && !visibleText(el, 'dock').includes('Back to the call'), `${lang} texts`);
      // Contrast is read once the bar has faded in: mid-fade its text is nearly transparent.
      const fadeIn = dock(el)!.getAnimations();
      await Promise.all(fadeIn.map((animation) => animation.finished));
      await expect(el).to.be.accessible();
    });
  }
});

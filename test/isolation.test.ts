/**
 * The page's CSS must not change the element, and the element must not change the page: checked with a real
 * framework stylesheet (Bootstrap's), a global `button {}` rule and a CSS reset.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../src/define.js';
import type { TeamsCallButton } from '../src/teams-call-button.js';
import { part } from './support/harness.js';

const LOOK = [
  'background-color',
  'color',
  'padding',
  'border-radius',
  'border',
  'min-height',
  'font-weight',
  'line-height',
  'display',
  'gap',
];

const look = (node: Element) => {
  const style = getComputedStyle(node);
  return Object.fromEntries(LOOK.map((name) => [name, style.getPropertyValue(name)]));
};

async function addStylesheet(css: string): Promise<() => void> {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  await new Promise((resolve) => requestAnimationFrame(resolve));
  return () => style.remove();
}

describe('style isolation', () => {
  it("is not changed by Bootstrap, a CSS reset or the page's own button rule", async () => {
    const el = await fixture<TeamsCallButton>(
      html`<teams-call-button simulate callee-name="Dr. Lee"></teams-call-button>`,
    );
    const before = look(part(el, 'button')!);
    const bootstrap = await fetch('/node_modules/bootstrap/dist/css/bootstrap.min.css').then((response) =>
      response.text(),
    );
    expect(bootstrap.length, 'the real Bootstrap stylesheet').to.be.greaterThan(100_000);
    const remove = await addStylesheet(`${bootstrap}
      *, *::before, *::after { margin: 0; padding: 0; border: 0; }
      button { background: hotpink !important; color: lime; padding: 40px; border-radius: 0; font-weight: 100; line-height: 3; }
      body { line-height: 2.5; color: #333; }`);
    try {
      expect(look(part(el, 'button')!)).to.deep.equal(before);
    } finally {
      remove();
    }
  });

  it("adds no style to the page and leaves the page's own buttons as they were", async () => {
    const page = await fixture<HTMLDivElement>(html`<div><button class="btn btn-primary">Page button</button></div>`);
    const pageButton = page.querySelector('button')!;
    const before = look(pageButton);
    const sheets = document.styleSheets.length + document.adoptedStyleSheets.length;
    const el = document.createElement('teams-call-button');
    el.setAttribute('simulate', '');
    page.append(el);
    await el.updateComplete;
    await el.prepare();
    await el.call();
    await el.updateComplete;
    expect(document.styleSheets.length + document.adoptedStyleSheets.length, 'no global style sheet').to.equal(sheets);
    expect(look(pageButton)).to.deep.equal(before);
    await el.hangUp();
  });
});

// The page never waits for the SDK: on the standalone build with the real SDK, each preload mode fetches the SDK's
// chunks before the click without evaluating them, and the click's panel is on screen before the SDK is evaluated.
// Structural, not timed: the order of events is what is checked (the figures are `npm run bench`'s).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { unsignedAcsToken } from '../support/token-endpoint.mjs';
import { demoAndBrowser } from './demo-server.mjs';

const EXPERT = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const PAGE = (preload, attributes = '') => `<!doctype html><html lang="en"><body>
<teams-call-button preload="${preload}" token-url="/api/acs-token" teams-user-id="${EXPERT}" ${attributes}></teams-call-button>
<script type="module" src="/standalone/teams-call-button.js"></script></body></html>`;

/**
 * Records, in the page, the first frame that draws the panel: the time of its animation-frame callback, which runs in
 * the same task as that frame's paint. Anything asked for later than that runs after the panel was painted.
 */
function watchForPanel() {
  const element = document.querySelector('teams-call-button');
  const look = () => {
    if (element.shadowRoot.querySelector('[part~="panel"]')) window.panelFrameAt = performance.now();
    else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}

const fetched = () =>
  performance.getEntriesByType('resource').some((entry) => /\/chunks\/calling-sdk-[^/]+\.js$/.test(entry.name));
/** When the element asked for the SDK (its `import()`), and when the SDK had been evaluated; undefined before. */
const marks = () => ({
  load: performance.getEntriesByName('teams-call-button:sdk-load')[0]?.startTime,
  evaluated: performance.getEntriesByName('teams-call-button:sdk-evaluated')[0]?.startTime,
});
const statusFetched = () =>
  performance.getEntriesByType('resource').some((entry) => /\/chunks\/status-[^/]+\.js$/.test(entry.name));
const evaluated = () => performance.getEntriesByName('teams-call-button:sdk-evaluated').length > 0;

describe('the calling SDK and the visitor’s input', () => {
  const running = demoAndBrowser();

  it("compiles the click's code with its file: the first load, the call code and the in-call UI carry V8's compile hint, the SDK does not", () => {
    const standalone = resolve(import.meta.dirname, '../../standalone');
    const hinted = (file) => readFileSync(join(standalone, file), 'utf8').startsWith('//# allFunctionsCalledOnLoad\n');
    const chunk = (name) =>
      join(
        'chunks',
        readdirSync(join(standalone, 'chunks')).find((file) => file.startsWith(`${name}-`)),
      );
    assert.deepEqual(
      ['teams-call-button.js', chunk('call'), chunk('panel'), chunk('calling-sdk'), chunk('status')].map(hinted),
      [true, true, true, false, false],
    );
  });

  /** A page with one button in `preload` mode; `intent` hovers it first. */
  async function open(preload, attributes) {
    const context = await running.browser.newContext();
    const page = await context.newPage();
    await page.route(`${running.demo.origin}/preload.html`, (route) =>
      route.fulfill({ contentType: 'text/html', body: PAGE(preload, attributes) }),
    );
    await page.route(`${running.demo.origin}/api/acs-token`, (route) =>
      route.fulfill({ json: { token: unsignedAcsToken() } }),
    );
    await page.goto(`${running.demo.origin}/preload.html`);
    await page.waitForFunction(() => customElements.get('teams-call-button'));
    return { page, close: () => context.close() };
  }

  for (const preload of ['intent', 'visible', 'eager']) {
    it(`${preload}: fetches the SDK before the click, and evaluates it only after the panel is painted`, async () => {
      const { page, close } = await open(preload);
      try {
        if (preload === 'intent') await page.hover('teams-call-button');
        await page.waitForFunction(fetched, undefined, { timeout: 30_000 });
        // Fetched (and compiled off the main thread): give the page time in which an evaluation would show.
        await page.waitForTimeout(1000);
        assert.deepEqual(
          await page.evaluate(marks),
          { load: undefined, evaluated: undefined },
          'not asked for, not evaluated before the click',
        );
        await page.evaluate(watchForPanel);
        await page.click('teams-call-button');
        await page.waitForFunction(evaluated, undefined, { timeout: 30_000 });
        const panelFrameAt = await page.evaluate(() => window.panelFrameAt);
        const asked = (await page.evaluate(marks)).load;
        assert.ok(panelFrameAt !== undefined, 'the panel was drawn');
        assert.ok(asked > panelFrameAt, `SDK asked for at ${asked} ms, the panel's frame at ${panelFrameAt} ms`);
      } finally {
        await close();
      }
    });
  }

  it('none: fetches nothing before the click, whatever the pointer does', async () => {
    const { page, close } = await open('none');
    try {
      await page.hover('teams-call-button');
      await page.focus('teams-call-button');
      await page.waitForTimeout(1000);
      assert.equal(await page.evaluate(fetched), false, 'nothing fetched');
      await page.click('teams-call-button');
      await page.waitForFunction(evaluated, undefined, { timeout: 30_000 });
      assert.equal(await page.evaluate(statusFetched), false, 'no availability, hours, callback or intake code');
    } finally {
      await close();
    }
  });

  it('loads the availability, hours, callback and intake code only for a button that uses it', async () => {
    const { page, close } = await open('none', 'intake="topic"');
    try {
      await page.waitForFunction(statusFetched, undefined, { timeout: 10_000 });
      await page.click('teams-call-button');
      await page.getByText('What is it about?').waitFor();
      assert.equal(await page.evaluate(fetched), false, 'the intake comes before anything of the call');
    } finally {
      await close();
    }
  });
});

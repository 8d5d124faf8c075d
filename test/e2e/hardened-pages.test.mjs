// Hardened pages. Trusted Types: two copies of the standalone build on one page (a theme and a plugin each bundling
// it) under `require-trusted-types-for 'script'`; each copy's Lit creates a policy named lit-html, so the policy list
// must allow duplicates, as the README's CSP section says. A frozen Symbol (SES lockdown()): the element cannot load,
// and says why in the console.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchChromium } from './demo-server.mjs';

const standalone = resolve(import.meta.dirname, '../../standalone');
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Two copies</title>
<script type="module" src="/one/teams-call-button.js"></script>
<script type="module" src="/two/teams-call-button.js"></script></head>
<body><teams-call-button simulate callee-name="Dr. Lee">Talk to an expert</teams-call-button></body></html>`;

/** The page and two copies of standalone/ under /one/ and /two/, with `policy` as the page's CSP. */
async function serve(policy, page = PAGE) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/')
      return res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Security-Policy': policy }).end(page);
    const copy = /^\/(one|two)\/(.+)$/.exec(path);
    const file = copy && join(standalone, copy[2]);
    if (!file || !file.startsWith(standalone) || !existsSync(file)) return res.writeHead(404).end();
    res
      .writeHead(200, { 'Content-Type': extname(file) === '.js' ? 'text/javascript' : 'application/octet-stream' })
      .end(readFileSync(file));
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://localhost:${server.address().port}/`, close: () => new Promise((done) => server.close(done)) };
}

const BASE = "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'";

describe('hardened pages', () => {
  let browser;
  before(async () => (browser = await launchChromium()));
  after(() => browser?.close());

  async function load(policy) {
    const server = await serve(policy);
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await page.goto(server.url);
      await page.waitForFunction(() => customElements.get('teams-call-button') !== undefined, undefined, {
        timeout: 10_000,
      });
      await page.locator('teams-call-button').locator('button[part="button"]').click();
      await page.waitForFunction(() => document.querySelector('teams-call-button').state === 'connected', undefined, {
        timeout: 15_000,
      });
      return errors;
    } finally {
      await page.close();
      await server.close();
    }
  }

  it("loads both copies and runs a call with trusted-types lit-html 'allow-duplicates'", async () => {
    assert.deepEqual(await load(`${BASE}; trusted-types lit-html 'allow-duplicates'`), []);
  });

  it("without 'allow-duplicates', the second copy's policy is refused (the first copy still works)", async () => {
    const errors = await load(`${BASE}; trusted-types lit-html`);
    assert.ok(
      errors.some((message) => /lit-html/.test(message)),
      `the refused policy is reported: ${errors.join(' | ')}`,
    );
  });

  it('on a page that froze Symbol, says in the console why it cannot load', async () => {
    const frozen = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Frozen</title>
<script src="/freeze.js"></script><script type="module" src="/one/teams-call-button.js"></script></head><body></body></html>`;
    const server = await serve("default-src 'self'", frozen);
    const page = await browser.newPage();
    await page.route('**/freeze.js', (route) =>
      route.fulfill({ contentType: 'text/javascript', body: 'Object.freeze(Symbol);' }),
    );
    const messages = [];
    page.on('console', (message) => message.type() === 'error' && messages.push(message.text()));
    try {
      await page.goto(server.url);
      await page.waitForTimeout(500);
      assert.ok(
        messages.some((text) => text.includes('Symbol was frozen')),
        `the console says why: ${messages.join(' | ')}`,
      );
      assert.equal(await page.evaluate(() => customElements.get('teams-call-button')), undefined);
    } finally {
      await page.close();
      await server.close();
    }
  });
});

// The published package as its users get it: `npm pack`, the tarball installed into small fixture apps (plain HTML,
// Vite + React with teams-call-button/react, Vite + Vue, Vite + Svelte, a Next.js app-router static export), each
// built with its own tooling and then driven in Chromium through a simulated call. Nothing here reads src/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { identityStandIn } from '../server/identity-stand-in.mjs';
import { startRedis, startServer } from '../server/processes.mjs';
import { launchChromium } from './demo-server.mjs';

const root = resolve(import.meta.dirname, '../..');
const fixtures = join(root, 'test/fixtures');
const run = (command, args, cwd) =>
  execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** Serves `dir` on localhost (the calling code needs a secure context), under `prefix`. */
async function serveStatic(dir, prefix = '/') {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(prefix)) return res.writeHead(404).end();
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (!file.startsWith(dir)) return res.writeHead(403).end();
    if (existsSync(file) && !extname(file)) file = join(file, 'index.html');
    if (!existsSync(file) && existsSync(`${file}.html`)) file = `${file}.html`;
    if (!existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://localhost:${server.address().port}${prefix}`,
    close: () => new Promise((done) => server.close(done)),
  };
}

describe('the packed tarball in fresh apps', { timeout: 15 * 60_000 }, () => {
  let browser;
  before(() => {
    const packDir = join(tmpdir(), `teams-call-button-pack-${process.pid}`);
    mkdirSync(packDir, { recursive: true });
    const [{ filename }] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', packDir], root));
    // The apps' own dependencies from their lockfile, then the package as a user installs it.
    run('npm', ['ci', '--no-audit', '--no-fund'], fixtures);
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', join(packDir, filename)], fixtures);
    rmSync(packDir, { recursive: true, force: true });
  });
  before(async () => (browser = await launchChromium()));
  after(() => browser?.close());

  /** Opens the page, clicks the button, and follows the simulated call to its answer and its end. */
  async function simulatedCall(url, { tag = 'teams-call-button' } = {}) {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // Every failed load is checked by its URL below, where the browser's own favicon request is left out.
    page.on(
      'console',
      (message) =>
        message.type() === 'error' &&
        !message.text().startsWith('Failed to load resource') &&
        errors.push(message.text()),
    );
    page.on(
      'response',
      (response) =>
        response.status() >= 400 &&
        !response.url().endsWith('/favicon.ico') &&
        errors.push(`${response.status()} ${response.url()}`),
    );
    await page.goto(url);
    await page.locator(tag).locator('button[part="button"]').click();
    await page.waitForFunction((name) => document.querySelector(name)?.state === 'connected', tag, { timeout: 15_000 });
    assert.equal(await page.locator(tag).locator('[part="badge"]').textContent(), 'Simulation');
    await page.locator(tag).locator('[part="hang-up-button"]').click();
    await page.waitForFunction((name) => document.querySelector(name)?.state === 'ended', tag, { timeout: 5_000 });
    const message = await page.locator(tag).locator('[part="message"]').textContent();
    const log = await page.evaluate(() => [...document.querySelectorAll('#log li')].map((li) => li.textContent));
    const dataLayer = await page.evaluate(() => (window.dataLayer ?? []).map((entry) => entry.event));
    await page.close();
    return { errors, message, log, dataLayer };
  }

  it('plain HTML: the standalone folder copied under a subfolder, a <base href> and a ?ver= query', async () => {
    const site = join(fixtures, 'html/dist');
    rmSync(site, { recursive: true, force: true });
    cpSync(join(fixtures, 'node_modules/teams-call-button/standalone'), join(site, 'assets/teams-call-button'), {
      recursive: true,
    });
    cpSync(join(fixtures, 'html/index.html'), join(site, 'index.html'));
    const server = await serveStatic(site, '/site/');
    try {
      const { errors, message, dataLayer } = await simulatedCall(server.url);
      assert.deepEqual(errors, []);
      assert.equal(message.trim(), 'Call ended.');
      for (const event of ['teams-call-state-change', 'teams-call-connected', 'teams-call-ended']) {
        assert.ok(dataLayer.includes(event), `the CMS snippet delivered ${event}`);
      }
    } finally {
      await server.close();
    }
  });

  for (const app of ['react', 'vue', 'svelte']) {
    it(`Vite + ${app}: builds and runs a simulated call`, async () => {
      run(
        process.execPath,
        [
          join(fixtures, 'node_modules/vite/bin/vite.js'),
          'build',
          '--config',
          join(fixtures, app, 'vite.config.js'),
          '--logLevel',
          'warn',
        ],
        fixtures,
      );
      const server = await serveStatic(join(fixtures, app, 'dist'));
      try {
        const { errors, message, log } = await simulatedCall(server.url);
        assert.deepEqual(errors, []);
        assert.equal(message.trim(), 'Call ended.');
        assert.deepEqual(log, ['connected by teams-user', 'ended: hung-up'], 'the app received the typed events');
      } finally {
        await server.close();
      }
    });
  }

  it('Next.js app router: a Server Component renders the React wrapper; the static export runs a simulated call', async () => {
    run(process.execPath, [join(fixtures, 'node_modules/next/dist/bin/next'), 'build'], join(fixtures, 'next'));
    const server = await serveStatic(join(fixtures, 'next/out'));
    try {
      const { errors, message } = await simulatedCall(server.url);
      assert.deepEqual(errors, []);
      assert.equal(message.trim(), 'Call ended.');
    } finally {
      await server.close();
    }
  });

  it('the token server: its bin runs from the installed package with a real Redis, and the Functions entry loads', async () => {
    const accessKey = randomBytes(32).toString('base64');
    const identity = await identityStandIn(accessKey);
    const redis = await startRedis();
    const server = await startServer(
      {
        ACS_CONNECTION_STRING: `endpoint=${identity.endpoint};accesskey=${accessKey}`,
        ALLOWED_ORIGINS: 'https://www.contoso.example',
        REDIS_URL: redis.url,
        SESSION_SECRET: randomBytes(32).toString('base64url'),
        NODE_EXTRA_CA_CERTS: identity.certificateFile, // checked as the real service's would be
      },
      { bin: join(fixtures, 'node_modules/.bin/teams-call-button-server') },
    );
    try {
      const answer = await fetch(`http://127.0.0.1:${server.port}/api/acs-token`, {
        method: 'POST',
        headers: { Origin: 'https://www.contoso.example' },
      });
      assert.equal(answer.status, 200);
      assert.ok((await answer.json()).session);
      const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      assert.deepEqual(await health.json(), { status: 'ok', store: 'redis' });
      const entry = run(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "const m = await import('teams-call-button/server/azure-functions'); console.log(typeof m.createTokenFunction)",
        ],
        fixtures,
      );
      assert.equal(entry.trim(), 'function');
    } finally {
      await server.stop();
      await redis.stop();
      await identity.close();
    }
  });
});

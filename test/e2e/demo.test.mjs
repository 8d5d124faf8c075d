// The demo as a person uses it: starts `demo/serve.mjs` (simulation: no Azure here), opens the page in Debian's
// Chromium, calls, watches it ring, connect and get recorded, mutes, hangs up, and reads how it ended.
// Screenshots of each step, light and dark, go to test-results/screenshots/ (kept out of git).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { unsignedAcsToken } from '../support/token-endpoint.mjs';
import { demoAndBrowser } from './demo-server.mjs';

const SCREENSHOTS = 'test-results/screenshots';

describe('the demo, as a visitor uses it', { timeout: 120_000 }, () => {
  const running = demoAndBrowser();
  before(() => {
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  /** A page that records every Content-Security-Policy violation. */
  async function newPage(options) {
    const page = await running.browser.newPage(options);
    await page.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) =>
        window.cspViolations.push(`${event.effectiveDirective} ${event.blockedURI}`),
      );
    });
    return page;
  }
  const violations = (page) => page.evaluate(() => window.cspViolations);

  it('serves the demo with a strict Content-Security-Policy', async () => {
    const response = await fetch(running.demo.url);
    const policy = response.headers.get('content-security-policy');
    assert.match(policy, /script-src 'self'(;|$)/);
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
  });

  it('loads the real calling SDK under that policy and places a call with it', async () => {
    const page = await newPage();
    try {
      // Live mode, as with ACS_CONNECTION_STRING, with a well-formed unsigned token: nothing here reaches Azure.
      await page.route('**/demo-config.json', (route) => route.fulfill({ json: { mode: 'live', teamsUserId: '' } }));
      await page.route('**/api/acs-token', (route) => route.fulfill({ json: { token: unsignedAcsToken() } }));
      await page.goto(running.demo.url);
      await page.getByText('Live: the buttons call').waitFor();
      await page.locator('#expert').getByRole('button', { name: 'Talk to an expert' }).click();
      await page
        .locator('#expert')
        .locator('[part~="message"]')
        .getByText('The call dropped because of a network problem.')
        .waitFor({ timeout: 90_000 });
      assert.ok(
        await page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('calling-sdk'))),
      );
      assert.deepEqual(await violations(page), [], 'nothing blocked by the strict Content-Security-Policy');
    } finally {
      await page.close();
    }
  });

  for (const framework of ['react', 'vue']) {
    it(`runs a call from the ${framework} demo, built with the project's tooling, and logs its events`, async () => {
      const page = await newPage();
      try {
        await page.goto(`${running.demo.url}${framework}.html`);
        const expert = page.locator('#expert');
        await expert.getByRole('button', { name: 'Talk to an expert' }).click();
        await expert.locator('[part~="status"]').getByText('On a call with Dr. Lee').waitFor({ timeout: 10_000 });
        await expert.getByRole('button', { name: 'Hang up' }).click();
        await expert.locator('[part~="message"]').getByText('Call ended.').waitFor();
        const log = await page.locator('#log').textContent();
        assert.match(log, /teams-call-connected/);
        assert.match(log, /teams-call-ended\s+\{"reason":"hung-up"/);
        assert.deepEqual(await violations(page), []);
        await page.screenshot({ path: `${SCREENSHOTS}/${framework}.png` });
      } finally {
        await page.close();
      }
    });
  }

  for (const colorScheme of ['light', 'dark']) {
    it(`calls, sees it ring, connect and get recorded, mutes, hangs up (${colorScheme})`, async () => {
      const page = await newPage({ colorScheme, viewport: { width: 1000, height: 760 } });
      const shot = (step) => page.screenshot({ path: `${SCREENSHOTS}/${colorScheme}-${step}.png` });
      const expert = page.locator('#expert');
      const status = expert.locator('[part~="status"]');
      try {
        await page.goto(running.demo.url);
        await page.getByText('Simulation: this demo server').waitFor();
        await expert.getByRole('button', { name: 'Talk to an expert' }).waitFor();
        await shot('1-idle');

        await expert.getByRole('button', { name: 'Talk to an expert' }).click();
        await status.getByText('Ringing Dr. Lee…').waitFor();
        assert.equal(await expert.locator('[part~="badge"]').textContent(), 'Simulation');
        await shot('2-ringing');

        await status.getByText('On a call with Dr. Lee').waitFor({ timeout: 10_000 });
        assert.match(await expert.locator('[part~="timer"]').textContent(), /^00:0\d$/);
        const notice = expert.getByRole('alert');
        await notice.getByText('This call is being recorded.').waitFor({ timeout: 10_000 });
        await shot('3-connected-recorded');

        // Live captions: the simulated expert's words, half a sentence while heard, then the whole.
        await expert.getByRole('button', { name: 'Captions' }).click();
        await expert
          .locator('[part~="captions"]')
          .getByText('Simulated expert: Hello, thanks for calling. How can I help you today?')
          .waitFor({ timeout: 10_000 });

        // The visitor's screen share, previewed: the bar and its stop.
        await expert.getByRole('button', { name: 'Share screen' }).click();
        await expert.locator('[part~="sharing"]').getByText('You are sharing your screen.').waitFor();
        await expert.getByRole('button', { name: 'Stop sharing' }).click();
        await expert.locator('[part~="sharing"]').waitFor({ state: 'detached' });
        // Noise suppression is on as the call is answered; its switch is in the devices menu.
        await expert.locator('[part~="devices-button"]').click();
        assert.equal(await expert.getByRole('switch', { name: 'Reduce background noise' }).isChecked(), true);
        await expert.locator('[part~="devices-button"]').click();

        const mute = expert.getByRole('button', { name: 'Mute', exact: true });
        await mute.click();
        assert.equal(await mute.getAttribute('aria-pressed'), 'true');
        await expert.getByRole('button', { name: 'Hang up' }).click();
        await expert.locator('[part~="message"]').getByText('Call ended.').waitFor();
        await expert.getByRole('group', { name: 'How was your call with Dr. Lee?' }).waitFor();
        await shot('4-ended');
        await expert.getByRole('button', { name: '5 out of 5' }).click();
        await expert.locator('[part~="survey-thanks"]').getByText('Thank you for your feedback.').waitFor();

        const log = await page.locator('#log').textContent();
        assert.match(log, /teams-call-recording-change\s+\{"active":true\}/);
        assert.match(log, /teams-call-mute-change\s+\{"muted":true\}/);
        assert.match(
          log,
          /teams-call-caption\s+\{"speaker":"Simulated expert","text":"Hello, thanks for calling\. How can I help you today\?","language":"en-us","callId":"simulated-call-\d+"\}/,
        );
        assert.match(log, /teams-call-ended\s+\{"reason":"hung-up"/);
        // A simulated call sends nothing anywhere, a rating included.
        assert.match(log, /teams-call-survey\s+\{"score":5,"issues":\[\],"callId":"simulated-call-\d+","sent":false\}/);
        assert.deepEqual(await violations(page), [], 'nothing blocked by the strict Content-Security-Policy');
      } finally {
        await page.close();
      }
    });
  }

  it('shows each advisor’s availability, and a closed office that holds the click until it opens', async () => {
    const page = await newPage({ viewport: { width: 1000, height: 1400 } });
    try {
      await page.goto(running.demo.url);
      const advisors = page.locator('#experts teams-call-button');
      const drLee = advisors.nth(0).locator('[part~="availability"]');
      await drLee.getByText(/Available|In a call/).waitFor();
      await advisors.nth(2).locator('[part~="availability"]').getByText('Away').waitFor();
      const billing = page.locator('#billing');
      await billing
        .locator('[part~="availability"]')
        .getByText(/Back (tomorrow|Monday|Tuesday|Wednesday|Thursday|Friday) at /)
        .waitFor();
      await billing.getByRole('button', { name: 'Call billing' }).click();
      await billing.locator('[part~="held"]').getByText("The billing team isn't available at this time.").waitFor();
      assert.equal(await billing.getAttribute('state'), null, 'no call');
      await billing.getByRole('button', { name: 'Request a callback' }).click();
      await billing.getByLabel('Your name').fill('Anna Visitor');
      await billing.getByLabel('E-mail').fill('anna@example.org');
      await billing.getByLabel('You may contact me about this request.').check();
      await billing.getByRole('button', { name: 'Send request' }).click();
      await billing
        .locator('[part~="callback-sent"]')
        .getByText('Thank you. The billing team will get back to you.')
        .waitFor();
      const log = await page.locator('#log').textContent();
      assert.match(log, /teams-call-availability-change\s+\{"open":false,"opensAt":"[^"]+","callable":false\}/);
      assert.match(log, /teams-call-callback-requested\s+\{"requestId":"[0-9a-f-]{36}","reason":"closed"\}/);
      await running.demo.waitForLog(
        /callback request [0-9a-f-]{36} \(closed\) for the billing team, with an e-mail address/,
      );
      assert.deepEqual(await violations(page), [], 'the dots are drawn without inline styles');
      await page.locator('#experts').screenshot({ path: `${SCREENSHOTS}/availability.png` });
    } finally {
      await page.close();
    }
  });

  it('keeps the call docked in view on a phone while the visitor scrolls on', async () => {
    const page = await newPage({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
    try {
      await page.goto(running.demo.url);
      await page.getByText('Simulation: this demo server').waitFor();
      const expert = page.locator('#expert');
      await expert.getByRole('button', { name: 'Talk to an expert' }).click();
      await expert.locator('[part~="status"]').getByText('On a call with Dr. Lee').waitFor({ timeout: 10_000 });
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      const dock = expert.locator('[part~="dock"]');
      await dock.waitFor();
      await dock
        .locator('[part~="dock-notice"]')
        .getByText('This call is being recorded.')
        .waitFor({ timeout: 10_000 });
      const box = await dock.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= 360 && box.y + box.height <= 640, JSON.stringify(box));
      await page.screenshot({ path: `${SCREENSHOTS}/phone-docked.png` });
      await dock.getByRole('button', { name: 'Hang up' }).click();
      await expert.locator('[part~="message"]').getByText('Call ended.').waitFor();
      assert.equal(await dock.count(), 0);
      assert.deepEqual(await violations(page), [], 'the bar is styled without inline styles');
    } finally {
      await page.close();
    }
  });

  it('scripts availability and hours from its settings, and an intake reaches the expert as the phone rings', async () => {
    const page = await newPage({ viewport: { width: 1000, height: 1400 } });
    try {
      await page.goto(running.demo.url);
      await page.getByText('Simulation: this demo server').waitFor();
      const expert = page.locator('#expert');
      await page.getByLabel('availability (scripted)').selectOption('Busy');
      await page.getByLabel('availability-policy="hold"').check();
      // The button asks for the availability again only while it is on screen: back up to it, as a visitor would.
      await expert.scrollIntoViewIfNeeded();
      await expert.locator('[part~="availability"]').getByText('In a call').waitFor();
      await expert.getByRole('button', { name: 'Talk to an expert' }).click();
      await expert.locator('[part~="held"]').getByText("Dr. Lee can't take a call right now.").waitFor();
      assert.equal(await expert.getAttribute('state'), null, 'no call');
      await page.getByLabel('hours').selectOption('closed');
      await expert
        .locator('[part~="availability"]')
        .getByText(/Back (today|tomorrow) at /)
        .waitFor();

      const marco = page.locator('#experts teams-call-button').nth(2);
      await marco.getByRole('button', { name: 'Video call' }).click();
      await marco.getByLabel('Your name').fill('Anna Visitor');
      await marco.getByLabel('What is it about?').fill('Travel insurance');
      await marco.getByRole('button', { name: 'Call Marco' }).click();
      await marco
        .locator('[part~="status"]')
        .getByText(/Ringing Marco|On a call with Marco/)
        .waitFor();
      await running.demo.waitForLog(/call announcement [0-9a-f-]{36} for Marco, with a name and a topic/);
      const log = await page.locator('#log').textContent();
      assert.match(log, /teams-call-intake\s+\{"topic":"Travel insurance","named":true\}/);
      assert.doesNotMatch(log, /Anna Visitor/, 'the page’s event log never sees the name');
      await marco.getByRole('button', { name: 'Hang up' }).click();
      assert.deepEqual(await violations(page), []);
    } finally {
      await page.close();
    }
  });
});

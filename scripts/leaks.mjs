// Runs many simulated calls in a real browser page and reports what stays behind: window listeners, elements, audio
// contexts, and the JS heap after garbage collection (Chrome DevTools Protocol). Used by the leak test and the bench.
//
// The page compresses the simulation's clock (its short timeouts fire at once), so 200 calls take seconds, not minutes.

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script type="module" src="/standalone/teams-call-button.js"></script></head><body><main></main></body></html>`;

/** Serves the measuring page at `/leaks.html` on the demo server's origin, so the standalone build loads as on a site. */
export async function openLeakPage(browser, origin) {
  const page = await browser.newPage();
  await page.route(`${origin}/leaks.html`, (route) => route.fulfill({ contentType: 'text/html', body: PAGE }));
  await page.addInitScript(() => {
    // Only the simulation's steps (all under 5 s): the element's own deadlines (a hang-up's 5 s, a download's 45 s)
    // keep their length, or they would expire before the work they guard.
    const realSetTimeout = window.setTimeout;
    window.setTimeout = (callback, delay, ...args) => realSetTimeout(callback, delay < 5000 ? 0 : delay, ...args);
  });
  await page.goto(`${origin}/leaks.html`);
  await page.waitForFunction(() => customElements.get('teams-call-button'));
  return page;
}

/** Window listeners by type, as DevTools lists them. */
async function windowListeners(cdp) {
  const { result } = await cdp.send('Runtime.evaluate', { expression: 'window' });
  const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
  await cdp.send('Runtime.releaseObject', { objectId: result.objectId });
  return listeners.length;
}

async function heapAfterGc(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/** Runs in the page: `count` calls (ring, answer, recorded, mute, hang up), on one element or each on a fresh one. */
async function runCalls({ count, fresh }) {
  {
    const main = document.querySelector('main');
    const until = (el, state) =>
      el.state === state
        ? Promise.resolve()
        : new Promise((resolve) => {
            const onChange = (event) => {
              if (event.detail.state !== state) return;
              el.removeEventListener('teams-call-state-change', onChange);
              resolve();
            };
            el.addEventListener('teams-call-state-change', onChange);
          });
    const make = () => {
      const el = document.createElement('teams-call-button');
      el.setAttribute('simulate', 'recording-at-connect');
      el.setAttribute('callee-name', 'Dr. Lee');
      main.append(el);
      return el;
    };
    let el = fresh ? undefined : make();
    for (let i = 0; i < count; i++) {
      if (fresh) el = make();
      await el.call();
      await until(el, 'connected');
      await el.toggleMute();
      await el.hangUp();
      await until(el, 'ended');
      if (fresh) el.remove();
    }
    el?.remove();
    await new Promise((resolve) => setTimeout(resolve));
  }
}

/**
 * Runs `count` calls on one element, then `count` calls each on a fresh element, and measures the page before and
 * after each run.
 */
export async function measureLeaks(page, count = 200) {
  const cdp = await page.context().newCDPSession(page);
  // Load everything once, so the figures compare a warm page with a warm page.
  await page.evaluate(runCalls, { count: 1, fresh: false });
  const baseline = { listeners: await windowListeners(cdp), heap: await heapAfterGc(cdp) };
  const runs = [];
  for (const [name, fresh] of [
    ['one element', false],
    ['fresh elements', true],
  ]) {
    const started = Date.now();
    await page.evaluate(runCalls, { count, fresh });
    runs.push({
      name,
      calls: count,
      seconds: (Date.now() - started) / 1000,
      windowListeners: (await windowListeners(cdp)) - baseline.listeners,
      elementsLeft: await page.evaluate(() => document.querySelectorAll('teams-call-button').length),
      heapGrowthKb: Math.round(((await heapAfterGc(cdp)) - baseline.heap) / 1024),
    });
  }
  await cdp.detach();
  return runs;
}

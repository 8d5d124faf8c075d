// `npm run bench`: figures for the built standalone output, served from localhost by the demo server, in Debian's
// Chromium through playwright-core. Prints a table and writes test-results/bench.json.
// Timings are medians of several runs; they describe this machine, which the output names.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { unsignedAcsToken } from '../test/support/token-endpoint.mjs';
import { launchChromium, startDemo } from '../test/e2e/demo-server.mjs';
import { measureLeaks, openLeakPage } from './leaks.mjs';
import { measureSizes } from './size.mjs';
import { measureInput, median, printInput } from './bench-input.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const REAL_SDK_RUNS = Number(process.env.BENCH_REAL_RUNS ?? 3);

const percentile = (values, p) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];
const round = (value, digits = 1) => Number(value.toFixed(digits));

/** A blank page on the demo's origin, without the demo's own script. */
async function blankPage(browser, origin, { compressTimers = false } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route(`${origin}/blank.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><main></main>' }),
  );
  if (compressTimers) {
    // The simulation's script runs on timeouts; firing them at once leaves only the element's own work to measure.
    await page.addInitScript(() => {
      const realSetTimeout = window.setTimeout;
      window.setTimeout = (callback, _delay, ...args) => realSetTimeout(callback, 0, ...args);
    });
  }
  await page.route(`${origin}/api/acs-token`, (route) => route.fulfill({ json: { token: unsignedAcsToken() } }));
  await page.goto(`${origin}/blank.html`);
  return { page, context };
}

async function heapAfterGc(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/** 2. A page with 1,000 buttons: from the script's start until all are rendered, and the heap each one takes. */
async function thousandButtons(browser, origin) {
  const { page, context } = await blankPage(browser, origin);
  const cdp = await context.newCDPSession(page);
  const heapBefore = await heapAfterGc(cdp);
  const ms = await page.evaluate(async () => {
    const started = performance.now();
    await import('/standalone/teams-call-button.js');
    const buttons = Array.from({ length: 1000 }, (_, i) => {
      const button = document.createElement('teams-call-button');
      button.setAttribute('token-url', '/api/acs-token');
      button.setAttribute('teams-user-id', '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b');
      button.setAttribute('callee-name', `Expert ${i}`);
      return button;
    });
    document.querySelector('main').append(...buttons);
    await Promise.all(buttons.map((button) => button.updateComplete));
    return performance.now() - started;
  });
  const heapPerButton = ((await heapAfterGc(cdp)) - heapBefore) / 1000;
  await context.close();
  return { ms, heapPerButton };
}

/** 3. The element's own work from click to the calling interface's startCall, with the SDK loaded and an agent ready. */
async function clickOverhead(browser, origin) {
  const { page, context } = await blankPage(browser, origin, { compressTimers: true });
  const samples = await page.evaluate(async () => {
    await import('/standalone/teams-call-button.js');
    const button = document.createElement('teams-call-button');
    button.setAttribute('simulate', '');
    document.querySelector('main').append(button);
    const until = (state) =>
      new Promise((resolve) => {
        const onChange = (event) => {
          if (event.detail.state !== state) return;
          button.removeEventListener('teams-call-state-change', onChange);
          resolve(performance.now());
        };
        button.addEventListener('teams-call-state-change', onChange);
      });
    // One call first: the SDK loads and the agent registers, as intent does before a click.
    await button.call();
    await button.hangUp();
    await until('ended');
    const samples = [];
    for (let i = 0; i < 50; i++) {
      const placed = until('connecting');
      const clicked = performance.now();
      button.shadowRoot.querySelector('[part~="button"]').click();
      samples.push((await placed) - clicked);
      await button.hangUp();
      await until('ended');
    }
    return samples;
  });
  await context.close();
  return samples;
}

/**
 * 4. Click to startCall with the real SDK served locally: after a 300 ms hover with preload="intent", or with "none";
 * with `again`, the second call on the page (the SDK evaluated and the agent kept by the first).
 */
async function realClickToCall(browser, origin, preload, again = false) {
  const { page, context } = await blankPage(browser, origin);
  await page.evaluate(async (preload) => {
    await import('/standalone/teams-call-button.js');
    const button = document.createElement('teams-call-button');
    Object.entries({
      preload,
      'token-url': '/api/acs-token',
      'teams-user-id': '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    }).forEach(([name, value]) => button.setAttribute(name, value));
    document.querySelector('main').append(button);
    await button.updateComplete;
  }, preload);
  const clickToConnecting = () =>
    page.evaluate(
      () =>
        new Promise((resolve) => {
          const button = document.querySelector('teams-call-button');
          const clicked = performance.now();
          const onState = (event) => {
            if (event.detail.state !== 'connecting' && event.detail.state !== 'failed') return;
            button.removeEventListener('teams-call-state-change', onState);
            resolve(event.detail.state === 'connecting' ? performance.now() - clicked : Number.NaN);
          };
          button.addEventListener('teams-call-state-change', onState);
          button.shadowRoot.querySelector('[part~="button"]').click();
        }),
    );
  if (again) {
    await clickToConnecting();
    await page.evaluate(() => document.querySelector('teams-call-button').hangUp());
    await page.waitForTimeout(500);
  }
  await page.hover('teams-call-button');
  await page.waitForTimeout(300);
  const ms = await clickToConnecting();
  await context.close();
  return ms;
}

const demo = await startDemo();
const browser = await launchChromium();
try {
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: round(totalmem() / 2 ** 30),
    node: process.version,
    browser: `Chromium ${browser.version()} (headless)`,
  };

  const { rows } = await measureSizes();
  const size = (prefix) => rows.find((row) => row.what.startsWith(prefix)).bytes;
  const sizes = {
    beforeInteraction: size('standalone: everything loaded before any interaction'),
    inCallUi: size('standalone: in-call UI chunk'),
    callCode: size('standalone: call code chunk'),
    sdk: size('standalone: calling SDK chunk'),
  };

  const many = [];
  for (let run = 0; run < RUNS; run++) many.push(await thousandButtons(browser, demo.origin));

  const overheadRuns = [];
  for (let run = 0; run < RUNS; run++) overheadRuns.push(await clickOverhead(browser, demo.origin));
  const overhead = overheadRuns.flat();

  const intent = [];
  const none = [];
  const second = [];
  for (let run = 0; run < REAL_SDK_RUNS; run++) {
    intent.push(await realClickToCall(browser, demo.origin, 'intent'));
    none.push(await realClickToCall(browser, demo.origin, 'none'));
    second.push(await realClickToCall(browser, demo.origin, 'intent', true));
  }

  const input = await measureInput();

  const leakPage = await openLeakPage(browser, demo.origin);
  const leaks = await measureLeaks(leakPage, 200);

  const results = {
    machine,
    runs: RUNS,
    sizes: { ...sizes, ratioBeforeInteractionToSdk: round(sizes.beforeInteraction / sizes.sdk, 4) },
    thousandButtons: {
      renderMs: round(median(many.map((m) => m.ms))),
      heapPerButtonBytes: Math.round(median(many.map((m) => m.heapPerButton))),
    },
    clickToStartCall: {
      simulatedBackendMedianMs: round(median(overhead), 2),
      simulatedBackendP95Ms: round(percentile(overhead, 95), 2),
      clicks: overhead.length,
      withinOneFrame: percentile(overhead, 95) <= 16,
      realSdkIntentHover300MsMedianMs: Math.round(median(intent)),
      realSdkPreloadNoneMedianMs: Math.round(median(none)),
      realSdkSecondCallMedianMs: Math.round(median(second)),
      realSdkRuns: REAL_SDK_RUNS,
    },
    mainThread: input,
    sequentialCalls: leaks.map(({ name, calls, heapGrowthKb, windowListeners }) => ({
      name,
      calls,
      heapGrowthKb,
      windowListeners,
    })),
  };

  const table = [
    [
      'machine',
      `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB; ${machine.browser}; Node ${machine.node}`,
    ],
    ['before any interaction (gzip)', `${sizes.beforeInteraction} B`],
    ['in-call UI chunk (gzip)', `${sizes.inCallUi} B`],
    ['call code chunk (gzip)', `${sizes.callCode} B`],
    ['calling SDK chunk (gzip)', `${sizes.sdk} B`],
    ['before interaction / SDK', `${(results.sizes.ratioBeforeInteractionToSdk * 100).toFixed(2)} %`],
    ['1,000 buttons: script start to all rendered', `${results.thousandButtons.renderMs} ms (median of ${RUNS})`],
    ['1,000 buttons: JS heap per button', `${results.thousandButtons.heapPerButtonBytes} B`],
    [
      'click to startCall, simulated backend, median',
      `${results.clickToStartCall.simulatedBackendMedianMs} ms (${overhead.length} clicks)`,
    ],
    [
      'click to startCall, simulated backend, p95',
      `${results.clickToStartCall.simulatedBackendP95Ms} ms (target 16 ms: ${results.clickToStartCall.withinOneFrame ? 'met' : 'missed'})`,
    ],
    [
      'click to startCall, real SDK, intent after 300 ms hover',
      `${results.clickToStartCall.realSdkIntentHover300MsMedianMs} ms (median of ${REAL_SDK_RUNS})`,
    ],
    [
      'click to startCall, real SDK, preload="none"',
      `${results.clickToStartCall.realSdkPreloadNoneMedianMs} ms (median of ${REAL_SDK_RUNS})`,
    ],
    [
      'click to startCall, real SDK, second call on the page (SDK run, agent kept)',
      `${results.clickToStartCall.realSdkSecondCallMedianMs} ms (median of ${REAL_SDK_RUNS})`,
    ],
    ...leaks.map((run) => [
      `${run.calls} simulated calls on ${run.name}: heap after GC`,
      `${run.heapGrowthKb >= 0 ? '+' : ''}${run.heapGrowthKb} KB`,
    ]),
  ];
  const width = Math.max(...table.map(([name]) => name.length));
  for (const [name, value] of table) console.log(`${name.padEnd(width)}  ${value}`);
  console.log('\nThe main thread around the SDK, real SDK, standalone build:');
  printInput(input);

  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/bench.json', `${JSON.stringify(results, null, 2)}\n`);
  console.log('\nwritten to test-results/bench.json');
} finally {
  await browser.close();
  demo.stop();
}

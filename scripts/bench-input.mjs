// The main thread around the calling SDK's evaluation, on the built standalone output with the real SDK: long tasks
// after a hover, the event duration of clicks at set delays after it (on the element and on an unrelated page button),
// click to panel painted, and click to the SDK ready — each at full speed and with a 4x CPU slowdown (a phone's
// stand-in). `npm run bench` prints it; `node scripts/bench-input.mjs` prints this table alone (build first).
//
// The pages run in Chromium as a visitor has it: nothing drives them but one DevTools-protocol connection, over which
// pass only the CPU slowdown, raw mouse input, the navigation and the reading of the page's own record. Under
// Playwright's automation the SDK's arrival alone was a 50-120 ms main-thread task at 4x; without it, 3-20 ms.
//
// Options for the table alone: BENCH_PRELOAD (one mode), BENCH_THROTTLE (one rate), BENCH_REPEAT (clicks per delay;
// each figure is then their median), BENCH_MAIN_CORE=1 (Linux, two cores or more: each page's main thread gets the
// first core to itself and everything else — the SDK's background compile, the compositor, the browser, the local
// server — shares the second; a phone has cores to spare, while on two cores the compile competes with the click),
// BENCH_SLOWDOWN=quota (Linux, as root: the slowdown is a CPU quota on each page's main thread instead of DevTools'
// throttle, `devtools`, which busy-waits; see `quotaMainThreads`).
import { execFileSync, spawn } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { unsignedAcsToken } from '../test/support/token-endpoint.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/e2e/demo-server.mjs';

export const PRELOADS = ['intent', 'visible', 'eager', 'none'];
export const CLICK_DELAYS_MS = [100, 400, 800, 1200, 1600, 2000, 3000];
export const THROTTLES = [1, 4];
let repeat = 1;
/** Slows a page's main thread `rate` times: DevTools' throttle unless BENCH_SLOWDOWN=quota replaces it. */
let slowDown = (send, rate) => send('Emulation.setCPUThrottlingRate', { rate });
const WATCH_MS = 20_000;
const EXPERT = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

/** Records long tasks, event timings and the element's marks from the page's first script on. */
function recordMainThread() {
  const record = (window.__mainThread = { longTasks: [], events: [], panelPaintedAt: undefined });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) record.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.interactionId) continue;
      const { name, startTime, duration, processingStart, processingEnd } = entry;
      const target = entry.target?.id || entry.target?.localName || '';
      record.events.push({ name, target, startTime, duration, inputDelay: processingStart - startTime, processingEnd });
    }
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  // Click to panel painted: the frame after the one in which the panel is first in the shadow root.
  document.addEventListener(
    'click',
    (event) => {
      if (!(event.target instanceof Element) || event.target.localName !== 'teams-call-button') return;
      record.clickedAt = event.timeStamp;
      const look = () => {
        if (event.target.shadowRoot?.querySelector('[part~="panel"]')) {
          requestAnimationFrame((paintedAt) => (record.panelPaintedAt = paintedAt));
        } else requestAnimationFrame(look);
      };
      look();
    },
    true,
  );
}

const PAGE = (preload) => `<!doctype html>
<html lang="en">
  <head>
    <script>
      (${recordMainThread})();
    </script>
  </head>
  <body style="margin: 0; font: 16px system-ui">
    <p><button id="other" style="width: 200px; height: 40px">Something else</button></p>
    <div style="height: 40px"></div>
    <teams-call-button preload="${preload}" token-url="/api/acs-token" teams-user-id="${EXPERT}" callee-name="Dr. Lee">
    </teams-call-button>
    <script type="module" src="/standalone/teams-call-button.js"></script>
  </body>
</html>`;

/** Serves the bench's page (`/input.html?preload=…`), a token endpoint and the standalone build. */
async function serveInputPage() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const server = createServer((request, response) => {
    const { pathname, searchParams } = new URL(request.url, 'http://localhost');
    const path = normalize(pathname); // no way out of standalone/ with `..`
    if (pathname === '/input.html') {
      response.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE(searchParams.get('preload')));
    } else if (pathname === '/api/acs-token') {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      response.end(JSON.stringify({ token: unsignedAcsToken() }));
    } else if (path.startsWith('/standalone/') && existsSync(join(root, path))) {
      response.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-cache' });
      createReadStream(join(root, path)).pipe(response);
    } else response.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, 'localhost', resolve));
  return { origin: `http://localhost:${server.address().port}`, stop: () => server.close() };
}

/** Chromium with the DevTools protocol on a pipe (fds 3 and 4, messages ending in NUL); `send` takes a session. */
async function launchBareChromium() {
  const profile = mkdtempSync(join(tmpdir(), 'bench-input-'));
  const browser = spawn(
    CHROMIUM,
    [...CHROMIUM_ARGS, '--headless', '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise((resolve) => browser.once('exit', resolve));
  const pending = new Map();
  let lastId = 0;
  let received = '';
  browser.stdio[4].setEncoding('utf8').on('data', (chunk) => {
    received += chunk;
    for (let end = received.indexOf('\0'); end >= 0; end = received.indexOf('\0')) {
      const message = JSON.parse(received.slice(0, end));
      received = received.slice(end + 1);
      const call = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) call?.reject(new Error(`${call.method}: ${message.error.message}`));
      else call?.resolve(message.result);
    }
  });
  const send = (method, params = {}, sessionId = undefined) =>
    new Promise((resolve, reject) => {
      const id = ++lastId;
      pending.set(id, { resolve, reject, method });
      browser.stdio[3].write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });
  return {
    send,
    close: async () => {
      await send('Browser.close').catch(() => browser.kill());
      await exited;
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A page in a fresh browser context (its own cache), at `rate` times slower CPU, loaded and its element defined. */
async function openPage(browser, url, rate) {
  const { browserContextId } = await browser.send('Target.createBrowserContext');
  const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank', browserContextId });
  const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true });
  const send = (method, params) => browser.send(method, params, sessionId);
  const evaluate = async (expression) => {
    const { result, exceptionDetails } = await send('Runtime.evaluate', {
      expression,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value;
  };
  await slowDown(send, rate);
  await send('Page.navigate', { url });
  const ready = `location.href === ${JSON.stringify(url)} && document.readyState === 'complete' &&
    !!customElements.get('teams-call-button')`;
  // Until the page has loaded, an evaluation may meet about:blank or a context that navigation has just destroyed.
  while (!(await evaluate(ready).catch(() => false))) await sleep(50);
  return { send, evaluate, close: () => browser.send('Target.disposeBrowserContext', { browserContextId }) };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One fresh page: hover the element at t=0, then (unless `clickAt` is undefined) click `target` at `clickAt` ms. */
async function trial(browser, origin, { preload, throttle, clickAt, target = 'element', watchMs = 4000 }) {
  const page = await openPage(browser, `${origin}/input.html?preload=${preload}`, throttle);
  await sleep(300);
  const [box, other] = await page.evaluate(`[
    document.querySelector('teams-call-button'), document.querySelector('#other')
  ].map((element) => { const { x, y, width, height } = element.getBoundingClientRect(); return { x, y, width, height }; })`);
  const centre = (b) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
  // Raw input, not awaited one after the other: a busy page delays it as it would a person's.
  const mouse = (type, { x, y }) =>
    void page.send('Input.dispatchMouseEvent', {
      type,
      x,
      y,
      button: type === 'mouseMoved' ? 'none' : 'left',
      clickCount: 1,
    });
  const hoveredAt = await page.evaluate('performance.now()');
  mouse('mouseMoved', centre(box));
  if (clickAt !== undefined) {
    await sleep(clickAt);
    const point = centre(target === 'element' ? box : other);
    if (target !== 'element') mouse('mouseMoved', point);
    mouse('mousePressed', point);
    mouse('mouseReleased', point);
  }
  await sleep(watchMs);
  const record = await page.evaluate('window.__mainThread');
  await page.close();
  const tasks = record.longTasks.filter((task) => task.start >= hoveredAt - 50);
  const click = record.events
    .filter((entry) => ['pointerdown', 'pointerup', 'click', 'mousedown', 'mouseup'].includes(entry.name))
    .sort((a, b) => b.duration - a.duration)[0];
  return {
    longestTaskMs: Math.round(Math.max(0, ...tasks.map((task) => task.duration))),
    totalBlockingMs: Math.round(tasks.reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0)),
    // Entries under 16 ms are not reported by the browser: such a click counts as 16.
    clickDurationMs: clickAt === undefined ? undefined : (click?.duration ?? 16),
    clickInputDelayMs: click ? Math.round(click.inputDelay) : undefined,
    panelPaintedMs:
      record.panelPaintedAt === undefined ? undefined : Math.round(record.panelPaintedAt - record.clickedAt),
  };
}

/** The benches' one median: the middle value, or the mean of the two middle ones. */
export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** `repeat` trials of the same cell: the median of each figure, and the worst click. */
async function trials(browser, origin, options) {
  const runs = [];
  for (let run = 0; run < repeat; run++) runs.push(await trial(browser, origin, options));
  // A figure a run could not take (no panel painted) is left out; none at all stays undefined.
  const figure = (name) => {
    const known = runs.map((run) => run[name]).filter((value) => value !== undefined);
    return known.length ? median(known) : undefined;
  };
  return {
    clickDurationMs: figure('clickDurationMs'),
    panelPaintedMs: figure('panelPaintedMs'),
    worstClickMs: Math.max(...runs.map((run) => run.clickDurationMs)),
  };
}

/** Every figure of the table; `log` gets a line per row so that a long run shows progress. */
export async function measureInput(log = () => {}) {
  const server = await serveInputPage();
  const browser = await launchBareChromium();
  try {
    return await measureRows(browser, server.origin, log);
  } finally {
    await browser.close();
    server.stop();
  }
}

/**
 * The CPU an idle page's renderer process uses at `rate` (Linux; undefined elsewhere), in % of a core over 3 s: what
 * the slowdown itself takes from the rest of the machine. The busiest renderer is the page's.
 */
async function idleRendererCpu(browser, origin, rate) {
  if (!existsSync('/proc/self/stat')) return undefined;
  const cpuTicks = () => {
    const ticks = new Map();
    for (const pid of rendererPids()) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
        const [utime, stime] = stat
          .slice(stat.lastIndexOf(')') + 2)
          .split(' ')
          .slice(11, 13)
          .map(Number);
        ticks.set(pid, utime + stime);
      } catch {
        // The process ended meanwhile.
      }
    }
    return ticks;
  };
  const page = await openPage(browser, `${origin}/input.html?preload=none`, rate);
  await sleep(2000); // a slowed page's first render and font loads are over
  const before = cpuTicks();
  const startedAt = performance.now();
  await sleep(3000);
  const after = cpuTicks();
  const seconds = (performance.now() - startedAt) / 1000;
  await page.close();
  const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux the bench meets
  const used = [...after].map(([pid, ticks]) => (ticks - (before.get(pid) ?? ticks)) / TICKS_PER_SECOND / seconds);
  return Math.round(Math.max(0, ...used) * 100);
}

async function measureRows(browser, origin, log) {
  const rows = [];
  for (const throttle of THROTTLES) {
    const idleCpuPercent = await idleRendererCpu(browser, origin, throttle);
    for (const preload of PRELOADS) {
      const hover = await trial(browser, origin, { preload, throttle, watchMs: WATCH_MS });
      const clicks = [];
      const others = [];
      for (const clickAt of CLICK_DELAYS_MS) {
        clicks.push(await trials(browser, origin, { preload, throttle, clickAt }));
        others.push(await trials(browser, origin, { preload, throttle, clickAt, target: 'other', watchMs: 2500 }));
      }
      const row = {
        throttle,
        preload,
        repeat,
        idleCpuPercent,
        hoverLongestTaskMs: hover.longestTaskMs,
        hoverTotalBlockingMs: hover.totalBlockingMs,
        clickDurationMs: clicks.map((click) => click.clickDurationMs),
        worstClickMs: Math.max(...clicks.map((click) => click.worstClickMs)),
        otherClickDurationMs: others.map((click) => click.clickDurationMs),
        worstOtherClickMs: Math.max(...others.map((click) => click.worstClickMs)),
        panelPaintedMs: clicks.map((click) => click.panelPaintedMs),
      };
      log(row);
      rows.push(row);
    }
  }
  return rows;
}

export function printInput(rows) {
  const list = (values) => values.map((value) => (value === undefined ? '–' : String(value))).join(' / ');
  const runs = rows[0]?.repeat > 1 ? `, each the median of ${rows[0].repeat} clicks` : '';
  console.log(
    `clicks at ${CLICK_DELAYS_MS.join(' / ')} ms after the hover${runs}; event durations in ms (16 = under 16)`,
  );
  rows.forEach((row, index) => {
    if (row.idleCpuPercent !== undefined && row.throttle !== rows[index - 1]?.throttle)
      console.log(`${row.throttle}x CPU: an idle page's renderer uses ${row.idleCpuPercent} % of a core`);
    const worst = (ms) => (row.repeat > 1 ? `   (worst ${ms})` : '');
    console.log(
      `${row.throttle}x CPU, preload="${row.preload}": 20 s after hover: longest task ${row.hoverLongestTaskMs} ms,` +
        ` total blocking ${row.hoverTotalBlockingMs} ms`,
    );
    console.log(`  click on the element:      ${list(row.clickDurationMs)}${worst(row.worstClickMs)}`);
    console.log(`  click on another button:   ${list(row.otherClickDurationMs)}${worst(row.worstOtherClickMs)}`);
    console.log(`  click to panel painted:    ${list(row.panelPaintedMs)}`);
  });
}

/** The process IDs of Chromium's renderers (Linux). */
function rendererPids() {
  return readdirSync('/proc').filter((name) => {
    try {
      return /^\d+$/.test(name) && readFileSync(`/proc/${name}/cmdline`, 'latin1').includes('--type=renderer');
    } catch {
      return false; // the process ended meanwhile
    }
  });
}

/**
 * Calls `onThread(pid, tid)` once for each thread of each renderer process, now and every `everyMs` (each look reads
 * all of /proc, about 1 ms of the bench's CPU); returns its stop.
 */
function watchRendererThreads(everyMs, onThread) {
  const seen = new Set();
  const look = () => {
    for (const pid of rendererPids()) {
      try {
        for (const tid of readdirSync(`/proc/${pid}/task`).filter((tid) => !seen.has(tid))) {
          onThread(pid, tid);
          seen.add(tid);
        }
      } catch {
        // The process or thread ended meanwhile.
      }
    }
  };
  look();
  const timer = setInterval(look, everyMs);
  return () => clearInterval(timer);
}

/**
 * BENCH_MAIN_CORE: this process, and so Chromium's processes, run on the second core, and each page's main thread is
 * moved to the first, alone. Returns its stop.
 */
function giveMainThreadsACore() {
  execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)]);
  // Threads inherit their creator's core, so each renderer's threads are placed as they appear: taskset without -a
  // places only the thread whose ID it gets, and a process's main thread has the process's ID.
  return watchRendererThreads(50, (pid, tid) =>
    execFileSync('taskset', ['-p', '-c', tid === pid ? '0' : '1', tid], { stdio: 'ignore' }),
  );
}

/**
 * BENCH_SLOWDOWN=quota: a page slowed `rate` times gets, instead of DevTools' throttle, a CPU quota on its main
 * thread — 1 ms of CPU per `rate` ms (the kernel's shortest quota), in a control group of its own (cgroup v1's cpu
 * controller, which places single threads). DevTools' throttle busy-waits in a signal handler three times as long as
 * the thread last ran, whether it ran or waited, so at 4x an idle page's renderer holds 84-87 % of a core (the
 * table's first line): on two cores, half the machine taken from the SDK's compile, the compositor and the browser, as
 * no phone's slower CPU would. A busy loop in the page is slowed alike by both (1.04 s under each at 4x, 0.25-0.31 s
 * at 1x). Returns its stop, which removes the groups.
 */
function quotaMainThreads() {
  const cpu = '/sys/fs/cgroup/cpu';
  try {
    // Placing a thread fails silently below (it may have ended): a group that cannot be made must fail here, loudly.
    const check = join(cpu, `bench-input-${process.pid}`);
    mkdirSync(check, { recursive: true });
    writeFileSync(join(check, 'cpu.cfs_quota_us'), '-1');
    rmdirSync(check);
  } catch (error) {
    throw new Error(`BENCH_SLOWDOWN=quota needs cgroup v1's cpu controller at ${cpu}, writable (Linux, as root)`, {
      cause: error,
    });
  }
  let rate = 1;
  const groups = new Map();
  const quota = (group) => {
    writeFileSync(join(group, 'cpu.cfs_period_us'), String(rate > 1 ? Math.round(rate * 1000) : 100_000));
    writeFileSync(join(group, 'cpu.cfs_quota_us'), rate > 1 ? '1000' : '-1');
  };
  // Chromium's own group, where every thread but the main ones stays.
  const home = join(cpu, /^\d+:[^:]*\bcpu\b[^:]*:(.*)$/m.exec(readFileSync('/proc/self/cgroup', 'latin1'))?.[1] ?? '/');
  // A thread starts in its creator's group: the compositor and the worker pool, started by the main thread after it
  // was placed, share its quota until they are moved back, so they are looked for often.
  const stopWatching = watchRendererThreads(20, (pid, tid) => {
    if (tid !== pid) return writeFileSync(join(home, 'tasks'), tid);
    const group = join(cpu, `bench-input-${pid}`);
    mkdirSync(group, { recursive: true });
    quota(group);
    writeFileSync(join(group, 'tasks'), tid);
    groups.set(pid, group);
  });
  // A group can be removed once its thread has ended.
  const sweep = () => {
    for (const [pid, group] of groups) {
      if (existsSync(`/proc/${pid}`)) continue;
      try {
        rmdirSync(group);
      } catch (error) {
        if (error.code !== 'ENOENT') throw error; // another bench run's sweep took it
      }
      groups.delete(pid);
    }
  };
  const sweeper = setInterval(sweep, 1000);
  slowDown = (send, pageRate) => {
    rate = pageRate;
    for (const group of groups.values()) quota(group);
    return send('Emulation.setCPUThrottlingRate', { rate: 1 });
  };
  return async () => {
    stopWatching();
    clearInterval(sweeper);
    await sleep(500); // the last browser's renderers end
    sweep();
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { BENCH_PRELOAD, BENCH_THROTTLE, BENCH_REPEAT, BENCH_MAIN_CORE, BENCH_SLOWDOWN } = process.env;
  if (BENCH_PRELOAD) PRELOADS.splice(0, PRELOADS.length, BENCH_PRELOAD);
  if (BENCH_THROTTLE) THROTTLES.splice(0, THROTTLES.length, Number(BENCH_THROTTLE));
  if (BENCH_REPEAT) repeat = Number(BENCH_REPEAT);
  if (![undefined, 'devtools', 'quota'].includes(BENCH_SLOWDOWN))
    throw new Error(`BENCH_SLOWDOWN is "devtools" (the default) or "quota", not "${BENCH_SLOWDOWN}"`);
  const stopMoving = BENCH_MAIN_CORE ? giveMainThreadsACore() : () => {};
  const stopQuota = BENCH_SLOWDOWN === 'quota' ? quotaMainThreads() : () => {};
  try {
    if (BENCH_MAIN_CORE) console.log("each page's main thread alone on the first core, all else on the second");
    if (BENCH_SLOWDOWN === 'quota') console.log("slowdown: a CPU quota on each page's main thread, not DevTools'");
    printInput(await measureInput((row) => console.error(JSON.stringify(row))));
  } finally {
    stopMoving();
    await stopQuota();
  }
}

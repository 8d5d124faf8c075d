// Starts the demo server and Debian's Chromium for the end-to-end tests and the bench.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `demo/serve.mjs` in simulation (no Azure credentials) and resolves once it listens. */
export async function startDemo() {
  const port = await freePort();
  const child = spawn(process.execPath, ['demo/serve.mjs'], {
    env: { ...process.env, PORT: String(port), ACS_CONNECTION_STRING: '' },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  await new Promise((resolve, reject) => {
    child.stdout.on('data', () => output.includes('http://localhost') && resolve());
    child.once('exit', (code) => reject(new Error(`the demo server exited with ${code}`)));
  });
  /** Resolves once the server has logged a line matching `pattern`. */
  const waitForLog = async (pattern, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(output)) {
      if (Date.now() > deadline) throw new Error(`the demo server never logged ${pattern}; it logged:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { url: `http://localhost:${port}/`, origin: `http://localhost:${port}`, waitForLog, stop: () => child.kill() };
}

/** Debian's Chromium (or CHROME_BIN): no test tool downloads a browser here. */
export const CHROMIUM = process.env.CHROME_BIN || '/usr/bin/chromium';
/** Its flags for tests and benches: no sandbox (containers), no GPU, fake media devices. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--no-first-run',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

/** Chromium, headless, driven by Playwright. */
export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * The demo server and Chromium for the enclosing suite: started before its tests, stopped after them. Read `demo` and
 * `browser` from the returned object inside the tests.
 */
export function demoAndBrowser() {
  const running = { demo: undefined, browser: undefined };
  before(async () => {
    running.demo = await startDemo();
    running.browser = await launchChromium();
  });
  after(async () => {
    await running.browser?.close();
    running.demo?.stop();
  });
  return running;
}

import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { tokenEndpoint } from './test/support/token-endpoint.mjs';

// Debian's Chromium unless the machine points CHROME_BIN at another Chrome; no test tool downloads a browser.
const executablePath = process.env.CHROME_BIN || '/usr/bin/chromium';

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

/** The calling SDK talks to Microsoft's hosts, which this machine cannot reach; its complaints are not ours. */
function isSdkNoise(log) {
  const text = log.args.map(String).join(' ');
  return /ECS - Service request|ACS|azure|microsoft|skype|teams\.|trouter|telemetry|Failed to fetch|ERR_NAME_NOT_RESOLVED|CallingCommunicationError/i.test(
    text,
  );
}

export default {
  files: ['test/**/*.test.ts'],
  // The calling SDK refuses a 127.0.0.1 origin.
  hostname: 'localhost',
  nodeResolve: { browser: true },
  concurrency: 1,
  browsers: [playwrightLauncher({ product: 'chromium', launchOptions: { executablePath, args: chromiumArgs } })],
  plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json' })],
  middleware: [tokenEndpoint],
  testFramework: { config: { timeout: 5000 } },
  // STORM_SEED replays the generated event storms of an earlier run (see CONTRIBUTING.md).
  testRunnerHtml: (testFramework) => `<!doctype html>
    <html>
      <body>
        <script>window.STORM_SEED = ${JSON.stringify(process.env.STORM_SEED ?? '')};</script>
        <script type="module" src="${testFramework}"></script>
      </body>
    </html>`,
  testsFinishTimeout: 10 * 60_000,
  browserStartTimeout: 60_000,
  filterBrowserLogs: (log) => !String(log.args[0]).includes('Lit is in dev mode') && !isSdkNoise(log),
};

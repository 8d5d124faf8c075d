// Prints the gzip -9 size of what a page downloads from the builds, and fails past a budget.
// Run after `npm run build`: `npm run size`.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const KB = 1024;
const gzipSize = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

/** The files a browser fetches before running `entry`: the entry and its static imports, transitively. */
function staticClosure(entry, seen = new Set()) {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(entry, 'utf8');
  for (const [, path] of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w$*{][^'"]*?from\s*)?["'](\.[^"']+)["']/g)) {
    staticClosure(resolve(dirname(entry), path), seen);
  }
  return seen;
}

const total = (files) => [...files].reduce((sum, file) => sum + gzipSize(file), 0);
const chunk = (prefix) => {
  const name = readdirSync('standalone/chunks').find((file) => file.startsWith(prefix));
  if (!name) throw new Error(`No ${prefix} chunk in standalone/chunks: run npm run build first.`);
  return join('standalone/chunks', name);
};

const beforeClick = staticClosure(resolve('standalone/teams-call-button.js'));
const rows = [
  { what: 'standalone: everything loaded before any interaction', bytes: total(beforeClick), budget: 15 * KB },
  { what: 'standalone: in-call UI chunk', bytes: gzipSize(chunk('call-panel')), budget: 15 * KB },
  { what: 'standalone: SDK adapter chunk', bytes: gzipSize(chunk('acs-sdk')) },
  { what: 'standalone: simulation chunk', bytes: gzipSize(chunk('simulated-sdk')) },
  { what: 'standalone: calling SDK chunk', bytes: gzipSize(chunk('calling-sdk')) },
  { what: 'library: dist/define.js with its static imports (lit, @azure left out)', bytes: total(staticClosure(resolve('dist/define.js'))) },
];

const sdkInEntry = [...beforeClick].some((file) => /calling-sdk|acs-sdk|call-panel|simulated-sdk/.test(file));
let failed = sdkInEntry;
console.log('gzip -9 bytes');
for (const { what, bytes, budget } of rows) {
  const over = budget !== undefined && bytes > budget;
  failed ||= over;
  const limit = budget === undefined ? '' : ` (budget ${budget}${over ? ', OVER' : ''})`;
  console.log(`${String(bytes).padStart(9)}  ${what}${limit}`);
}
if (sdkInEntry) console.log('FAIL: the SDK, the simulation or the call UI is among the files loaded before interaction.');
console.log(`files loaded before interaction: ${[...beforeClick].map((file) => file.replace(`${process.cwd()}/`, '')).join(', ')}`);
process.exit(failed ? 1 : 0);

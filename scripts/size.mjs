// Prints the gzip -9 size of what a page downloads from the builds, and fails past a budget.
// Run after `npm run build`: `npm run size`. The bench imports `measureSizes` from here.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import { minify } from 'terser';

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

/**
 * The library's registering entry as a host's bundler ships it: `dist/define.js` bundled with tree-shaking and minified,
 * with Lit and the SDK left to the host (they are dependencies, not ours to count) and on-demand chunks left out.
 */
async function libraryEntryBytes() {
  // A page that does `import 'teams-call-button/define'`: exports it does not use are shaken off, as in any bundler.
  const page = {
    name: 'page',
    resolveId: (id) => (id === 'page' ? id : null),
    load: (id) => (id === 'page' ? `import ${JSON.stringify(resolve('dist/define.js'))};` : null),
  };
  const bundle = await rollup({
    input: 'page',
    plugins: [page],
    external: (id) => /^(lit|@lit|@azure)(\/|$)/.test(id),
  });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  const chunks = new Map(output.filter((file) => file.type === 'chunk').map((chunk) => [chunk.fileName, chunk]));
  const loaded = new Set();
  const visit = (chunk) => {
    if (loaded.has(chunk)) return;
    loaded.add(chunk);
    chunk.imports.forEach((name) => chunks.has(name) && visit(chunks.get(name)));
  };
  visit([...chunks.values()].find((chunk) => chunk.isEntry));
  const code = [...loaded].map((chunk) => chunk.code).join('\n');
  return gzipSync((await minify(code, { module: true })).code, { level: 9 }).length;
}

/** Every figure, with its budget where it has one; `beforeClick` lists the files a page loads before interaction. */
export async function measureSizes() {
  const beforeClick = staticClosure(resolve('standalone/teams-call-button.js'));
  const rows = [
    { what: 'standalone: everything loaded before any interaction', bytes: total(beforeClick), budget: 10 * KB },
    { what: 'standalone: in-call UI chunk', bytes: gzipSize(chunk('panel-')), budget: 15 * KB },
    { what: 'standalone: call code chunk', bytes: gzipSize(chunk('call-')) },
    { what: 'standalone: video chunk, only with video', bytes: gzipSize(chunk('video-')) },
    { what: 'standalone: live captions chunk, only with captions', bytes: gzipSize(chunk('captions-')) },
    { what: 'standalone: noise suppression chunk, only with noise-suppression', bytes: gzipSize(chunk('noise-')) },
    { what: 'standalone: screen sharing chunk, only with screen-share', bytes: gzipSize(chunk('share-')) },
    { what: 'standalone: device check chunk, only with precheck', bytes: gzipSize(chunk('precheck-')) },
    { what: 'standalone: pop-out chunk, only with pop-out', bytes: gzipSize(chunk('popout-')) },
    {
      what: 'standalone: availability, hours, callback, intake and rating chunk (+ its texts), only with those attributes',
      bytes: gzipSize(chunk('status-')) + gzipSize(chunk('texts-')),
    },
    { what: 'standalone: SDK adapter chunk', bytes: gzipSize(chunk('acs-sdk-')) },
    { what: 'standalone: simulation chunk', bytes: gzipSize(chunk('simulated-sdk-')) },
    { what: 'standalone: calling SDK chunk', bytes: gzipSize(chunk('calling-sdk-')) },
    // 4.75 KB: what must work before any call code loads: the ringback audio made in the click (Safari), the --state
    // fallback, load deadlines, styles re-made in an adopting document, properties set before upgrade, members that
    // take null, labels from rendered content, focus kept on the control used.
    {
      what: "library: a page's `import 'teams-call-button/define'`, bundled and minified (lit, @azure left out)",
      bytes: await libraryEntryBytes(),
      budget: 4.75 * KB,
    },
  ];

  const entryHoldsCallCode = [...beforeClick].some((file) =>
    /calling-sdk|acs-sdk|chunks\/call-|panel-|video-|captions-|noise-|share-|precheck-|popout-|status-|texts-|simulated-sdk|strings-|locale/.test(
      file,
    ),
  );
  return {
    rows,
    beforeClick: [...beforeClick].map((file) => file.replace(`${process.cwd()}/`, '')),
    entryHoldsCallCode,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { rows, beforeClick, entryHoldsCallCode } = await measureSizes();
  let failed = entryHoldsCallCode;
  console.log('gzip -9 bytes');
  for (const { what, bytes, budget } of rows) {
    const over = budget !== undefined && bytes > budget;
    failed ||= over;
    const limit = budget === undefined ? '' : ` (budget ${budget}${over ? ', OVER' : ''})`;
    console.log(`${String(bytes).padStart(9)}  ${what}${limit}`);
  }
  if (entryHoldsCallCode) {
    console.log(
      'FAIL: the SDK, the call code, the call UI, video, simulation or locale code is among the files loaded before interaction.',
    );
  }
  console.log(`files loaded before interaction: ${beforeClick.join(', ')}`);
  process.exit(failed ? 1 : 0);
}

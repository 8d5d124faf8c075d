// Checks the load stages the source tree stands for: no import cycle between modules, and no module that loads on
// intent (call/, panel/, status/, backends/, i18n/locales/) importing the element back. Type-only imports are erased and do not
// count. `npm run lint` runs it; it prints the cycles and the offending imports, and fails on any.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve('src');
const ELEMENT = join(SRC, 'teams-call-button.ts');
const LAZY = ['call/', 'panel/', 'status/', 'backends/', 'i18n/locales/'].map((folder) => join(SRC, folder));

const sources = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );

/** The modules `file` imports at run time, statically: `import type` and `export type` lines are left out. */
function valueImports(file) {
  const code = readFileSync(file, 'utf8');
  const found = code.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"](\.[^'"]+)['"]/gm);
  return [...found].map(([, spec]) => resolve(dirname(file), spec).replace(/\.js$/, '.ts'));
}

const graph = new Map(sources(SRC).map((file) => [file, valueImports(file)]));
const name = (file) => relative(SRC, file);
const problems = [];

for (const [file, imports] of graph) {
  if (LAZY.some((folder) => file.startsWith(folder)) && imports.includes(ELEMENT)) {
    problems.push(
      `${name(file)} imports the element: code loaded on intent must not reach back into the page's first load`,
    );
  }
}

// Depth-first search; a module met again while still on the path closes a cycle.
const state = new Map();
const visit = (file, path) => {
  if (state.get(file) === 'done') return;
  if (state.get(file) === 'open') {
    problems.push(`import cycle: ${[...path.slice(path.indexOf(file)), file].map(name).join(' → ')}`);
    return;
  }
  state.set(file, 'open');
  for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
  state.set(file, 'done');
};
for (const file of graph.keys()) visit(file, []);

console.log(`${graph.size} modules in src/, ${[...graph.values()].flat().length} value imports checked`);
problems.forEach((problem) => console.error(problem));
process.exitCode = problems.length ? 1 : 0;

import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { posix } from 'node:path';

// The browser condition: without it the Azure packages resolve to their Node builds.
const resolve = () => nodeResolve({ browser: true });
const compile = (outDir, declaration) =>
  typescript({
    tsconfig: './tsconfig.build.json',
    outDir,
    declaration,
    declarationDir: declaration ? outDir : undefined,
    // The published maps carry their sources, since src/ is not shipped; the .d.ts maps lead editors to them too.
    sourceMap: declaration,
    inlineSources: declaration,
    declarationMap: declaration,
  });

/** Strips comments and white space from Lit `css` templates, which terser leaves as they are. */
function minifyCss() {
  return {
    name: 'minify-css',
    transform(code, id) {
      if (!id.includes('/src/')) return null;
      const minified = code.replace(/\bcss\s*`([^`$]*)`/g, (_, body) => {
        const compact = body
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/:\s+/g, ':')
          .trim();
        return `css\`${compact}\``;
      });
      return minified === code ? null : { code: minified, map: null };
    },
  };
}

/**
 * Minifies our chunks only: the SDK ships minified, and terser would spend over a minute on it for 6 %. Terser leaves
 * template literals as written; in ours (HTML and CSS) a line's indentation is white space that renders as none.
 * The first load, the call code and the in-call UI also get V8's compile hint (Chromium 136 and later; a comment to
 * every other engine), which compiles all their functions with the file, off the main thread where the file is
 * streamed, instead of one by one on first use: otherwise the intent's warm-up and the click's own task compile them.
 */
function minifyOwnChunks() {
  const minifier = terser({ format: { comments: false } });
  return {
    name: 'minify-own-chunks',
    async renderChunk(code, chunk, options, meta) {
      if (chunk.name === 'calling-sdk') return null;
      const minified = await minifier.renderChunk.call(this, code, chunk, options, meta);
      const text = (typeof minified === 'string' ? minified : minified.code).replace(/\n[ \t]+/g, '\n');
      const onTheClickPath = chunk.isEntry || ['call', 'panel'].includes(lazyChunkName(chunk.moduleIds));
      return onTheClickPath ? `//# allFunctionsCalledOnLoad\n${text}` : text;
    },
  };
}

/**
 * Writes the paths of the SDK's chunks (its adapter and what that imports) into the preloader, relative to the
 * preloader's own chunk: only the build knows their hashed names. Rollup fills in the hashes afterwards.
 */
function sdkModulePaths() {
  return {
    name: 'sdk-module-paths',
    renderChunk(code, chunk, _options, { chunks }) {
      if (!code.includes("'@@sdk-modules@@'")) return null;
      const adapter = Object.values(chunks).find((other) => other.facadeModuleId?.endsWith('/src/backends/acs-sdk.ts'));
      const paths = [adapter.fileName, ...adapter.imports]
        .filter((file) => file.startsWith('chunks/'))
        .map((file) => `./${posix.relative(posix.dirname(chunk.fileName), file)}`);
      return { code: code.replace("'@@sdk-modules@@'", JSON.stringify(JSON.stringify(paths))), map: null };
    },
  };
}

/** The demos' framework code uses the element as a page would: the standalone build, loaded by the page itself. */
const STANDALONE = '/standalone/teams-call-button.js';
function elementFromStandalone() {
  return {
    name: 'element-from-standalone',
    resolveId(source, importer) {
      if (source === STANDALONE) return { id: STANDALONE, external: true };
      if (importer?.endsWith('/src/react.ts') && (source === './define.js' || source === './teams-call-button.js')) {
        return { id: STANDALONE, external: true };
      }
      return null;
    },
  };
}

/**
 * What loads on intent or click, by entry module: the call code, the in-call UI, the video view, live captions, noise suppression, screen
 * sharing, the device check and the call's own window; and,
 * for a button that shows them, availability and opening hours with their texts (which the call code shares).
 */
const LAZY_CHUNK_NAMES = {
  'call/index.ts': 'call',
  'panel/panel.ts': 'panel',
  'panel/video.ts': 'video',
  'captions/index.ts': 'captions',
  'noise/index.ts': 'noise',
  'share/index.ts': 'share',
  'precheck/index.ts': 'precheck',
  'popout/index.ts': 'popout',
  'status/index.ts': 'status',
  'status/texts.ts': 'texts',
};
const lazyChunkName = (moduleIds) =>
  moduleIds.map((id) => LAZY_CHUNK_NAMES[id.split('/src/')[1]]).find((name) => name !== undefined);

export default [
  // The library: ES modules as written, with lit and @azure/* left for the host's bundler.
  {
    input: ['src/index.ts', 'src/define.ts', 'src/react.ts'],
    external: [/^lit(\/|$)/, /^@lit\//, /^@azure\//, /^react(\/|$)/],
    plugins: [resolve(), compile('dist', true), minifyCss()],
    output: {
      dir: 'dist',
      format: 'es',
      preserveModules: true,
      preserveModulesRoot: 'src',
      sourcemap: true,
      // The React wrapper uses hooks: Next.js's app router must treat it as a client component.
      banner: (chunk) => (chunk.fileName === 'react.js' ? "'use client';" : ''),
    },
  },
  // The reference token provider, for Node (`teams-call-button/server`).
  {
    input: {
      index: 'src/server/index.ts',
      'azure-functions': 'src/server/azure-functions.ts',
      cli: 'src/server/cli.ts',
    },
    external: [/^@azure\//, /^node:/, 'rate-limiter-flexible', 'ioredis', 'jose'],
    plugins: [typescript({ tsconfig: './tsconfig.server.json' })],
    output: {
      dir: 'dist/server',
      format: 'es',
      sourcemap: true,
      chunkFileNames: '[name].js',
      banner: (chunk) => (chunk.fileName === 'cli.js' ? '#!/usr/bin/env node' : ''),
    },
  },
  // The standalone build for a plain <script type="module">: Lit inside; the call UI and the SDK are chunks loaded on demand.
  {
    input: { 'teams-call-button': 'src/define.ts' },
    plugins: [resolve(), compile('standalone', false), minifyCss(), sdkModulePaths(), minifyOwnChunks()],
    // Lets the on-demand chunks import from the entry itself rather than from a second, shared chunk.
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: 'standalone',
      format: 'es',
      entryFileNames: '[name].js',
      // Named after their folder, not their file: the size check and the tests find chunks by these names.
      chunkFileNames: (chunk) => `chunks/${lazyChunkName(chunk.moduleIds) ?? '[name]'}-[hash].js`,
      manualChunks(id) {
        if (id.includes('/node_modules/@azure/')) return 'calling-sdk';
      },
    },
  },
  // The React and Vue demo pages, built with the project's own tooling into demo/dist (kept out of git).
  {
    input: { react: 'demo/react/main.tsx', vue: 'demo/vue/main.ts' },
    plugins: [
      elementFromStandalone(),
      replace({
        preventAssignment: true,
        values: {
          'process.env.NODE_ENV': JSON.stringify('production'),
          __VUE_OPTIONS_API__: 'false',
          __VUE_PROD_DEVTOOLS__: 'false',
          __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
        },
      }),
      resolve(),
      commonjs(),
      typescript({ tsconfig: './tsconfig.demo.json' }),
      terser(),
    ],
    output: { dir: 'demo/dist', format: 'es', chunkFileNames: 'chunks/[name]-[hash].js' },
  },
];

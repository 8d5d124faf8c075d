// `cem analyze`: the custom-elements manifest, from the element's JSDoc (@fires, @slot, @csspart, @cssprop, @attr).
export default {
  globs: ['src/teams-call-button.ts', 'src/events.ts', 'src/call/events.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      // The manifest describes the published package: dist/*.js paths, and the module that defines the tag.
      name: 'published-paths',
      packageLinkPhase({ customElementsManifest }) {
        const published = (path) => path?.replace(/^src\/(.*)\.ts$/, 'dist/$1.js');
        for (const module of customElementsManifest.modules) {
          module.path = published(module.path);
          for (const entry of [...(module.declarations ?? []), ...(module.exports ?? [])]) {
            if (entry.declaration?.module) entry.declaration.module = published(entry.declaration.module);
            if (entry.superclass?.module) entry.superclass.module = published(entry.superclass.module);
          }
        }
        customElementsManifest.modules.push({
          kind: 'javascript-module',
          path: 'dist/define.js',
          declarations: [],
          exports: [
            {
              kind: 'custom-element-definition',
              name: 'teams-call-button',
              declaration: { name: 'TeamsCallButton', module: 'dist/teams-call-button.js' },
            },
          ],
        });
      },
    },
    {
      // The @fires tags name every event; an anonymous entry found in the code (a dispatch) says nothing more.
      name: 'named-events-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
          }
        }
      },
    },
  ],
};

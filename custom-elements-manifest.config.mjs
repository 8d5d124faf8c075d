// `cem analyze`: the custom-elements manifest, from the element's JSDoc (@fires, @slot, @csspart, @cssprop, @attr).
export default {
  globs: ['src/teams-call-button.ts', 'src/events.ts', 'src/call-events.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
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

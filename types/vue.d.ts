// `<teams-call-button>` in Vue templates (with Volar / vue-tsc): `import type {} from 'teams-call-button/vue';` once.
// Tell Vue's compiler it is a custom element: `compilerOptions.isCustomElement: (tag) => tag === 'teams-call-button'`.
import type { DefineComponent } from 'vue';
import type { TeamsCallButtonAttributes } from './attributes.js';

declare module 'vue' {
  interface GlobalComponents {
    'teams-call-button': DefineComponent<TeamsCallButtonAttributes>;
  }
}

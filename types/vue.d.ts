// `<teams-call-button>` in Vue templates (with Volar / vue-tsc): `import type {} from 'teams-call-button/vue';` once.
// Tell Vue's compiler it is a custom element: `compilerOptions.isCustomElement: (tag) => tag === 'teams-call-button'`.
// Attributes are checked, and `@teams-call-ended="…"` handlers get the event's class, `detail` typed.
import type { DefineComponent } from 'vue';
import type { TeamsCallButtonAttributes } from './attributes.js';
import type { TeamsCallButtonEvents } from './events.js';

type Emits = { [Name in keyof TeamsCallButtonEvents]: (event: TeamsCallButtonEvents[Name]) => void };

declare module 'vue' {
  interface GlobalComponents {
    'teams-call-button': DefineComponent<TeamsCallButtonAttributes, {}, {}, {}, {}, {}, {}, Emits>;
  }
}

// `<teams-call-button>` in Svelte 5 markup (svelte-check): `import type {} from 'teams-call-button/jsx/svelte';` once.
// Attributes are checked; `onteams-call-ended={(e) => …}` (and the older `on:teams-call-ended`) get the event's class.
import type { HTMLAttributes } from 'svelte/elements';
import type { TeamsCallButton } from '../dist/index.js';
import type { TeamsCallButtonAttributes } from './attributes.js';
import type { TeamsCallButtonEvents } from './events.js';

type EventHandlers = {
  [Name in keyof TeamsCallButtonEvents as `on${Name}` | `on:${Name}`]?: (event: TeamsCallButtonEvents[Name]) => void;
};

declare module 'svelte/elements' {
  export interface SvelteHTMLElements {
    'teams-call-button': Omit<HTMLAttributes<TeamsCallButton>, keyof TeamsCallButtonAttributes> & TeamsCallButtonAttributes & EventHandlers;
  }
}

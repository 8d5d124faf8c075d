// `<teams-call-button>` in Preact's JSX: `import type {} from 'teams-call-button/jsx/preact';` once in the project.
import type { HTMLAttributes } from 'preact';
import type { TeamsCallButton } from '../dist/index.js';
import type { TeamsCallButtonAttributes } from './attributes.js';

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'teams-call-button': HTMLAttributes<TeamsCallButton> & TeamsCallButtonAttributes;
    }
  }
}

// `<teams-call-button>` in Solid's JSX: `import type {} from 'teams-call-button/jsx/solid';` once in the project.
import type { TeamsCallButton } from '../dist/index.js';
import type { TeamsCallButtonAttributes } from './attributes.js';

// Solid's JSX namespace is declared by its JSX runtime, which `jsxImportSource: "solid-js"` reads.
declare module 'solid-js/jsx-runtime' {
  namespace JSX {
    interface IntrinsicElements {
      'teams-call-button': HTMLAttributes<TeamsCallButton> & TeamsCallButtonAttributes;
    }
  }
}

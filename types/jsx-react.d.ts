// `<teams-call-button>` in React's JSX: `import type {} from 'teams-call-button/jsx/react';` once in the project.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { TeamsCallButton } from '../dist/index.js';
import type { TeamsCallButtonAttributes } from './attributes.js';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'teams-call-button': DetailedHTMLProps<HTMLAttributes<TeamsCallButton>, TeamsCallButton> & TeamsCallButtonAttributes;
    }
  }
}

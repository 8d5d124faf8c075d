// Type-checks (tsc -p test/types) that the element and the React wrapper are typed in JSX, and that mistakes are caught.
import type {} from '../../types/jsx-react.js';
import { TeamsCallButton } from '../../dist/react.js';

export const element = (
  <teams-call-button token-url="/api/acs-token" teams-user-id="6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b" preload="visible" video>
    Talk to an expert
  </teams-call-button>
);

// @ts-expect-error: not a preload mode
export const wrongPreload = <teams-call-button preload="sometimes" />;

export const wrapped = (
  <TeamsCallButton
    tokenUrl="/api/acs-token"
    teamsUserId="6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"
    calleeName="Dr. Lee"
    onEnded={(event) => console.info(event.detail.reason, event.detail.durationMs)}
    onRecordingChange={(event) => event.detail.active && event.preventDefault()}
  />
);

// @ts-expect-error: the ended event's detail has no such field
export const wrongDetail = <TeamsCallButton onEnded={(event) => event.detail.nonsense} />;

/** @jsxImportSource preact */
import type {} from '../../types/jsx-preact.js';

export const element = <teams-call-button token-url="/api/acs-token" teams-app-id="6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b" cloud="gcch" />;

// @ts-expect-error: not a Teams cloud
export const wrongCloud = <teams-call-button cloud="moon" />;

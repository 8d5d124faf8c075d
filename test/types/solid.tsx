/** @jsxImportSource solid-js */
import type {} from '../../types/jsx-solid.js';

export const element = <teams-call-button token-url="/api/acs-token" recording-consent="required" ringback />;

// @ts-expect-error: not a consent mode
export const wrongConsent = <teams-call-button recording-consent="maybe" />;

import type { SvelteHTMLElements } from 'svelte/elements';
import type {} from '../../types/svelte.js';

type Props = SvelteHTMLElements['teams-call-button'];
export const props: Props = { 'token-url': '/api/acs-token', preload: 'visible', simulate: true, cloud: 'gcch' };
// @ts-expect-error: not a preload mode
export const wrongPreload: Props = { preload: 'later' };
// @ts-expect-error: not a cloud
export const wrongCloud: Props = { cloud: 'europe' };
// @ts-expect-error: not a simulation scenario
export const wrongScenario: Props = { simulate: 'voicemail' };
export const handlers: Props = {
  'onteams-call-ended': (event) => console.log(event.detail.reason, event.detail.callId),
  'on:teams-call-transfer': (event) => console.log(event.detail.to),
};
export const wrongHandler: Props = {
  // @ts-expect-error: the state-change detail has no `reason`
  'onteams-call-state-change': (event) => console.log(event.detail.reason),
};

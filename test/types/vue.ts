import type { GlobalComponents } from 'vue';
import type {} from '../../types/vue.js';

type Props = InstanceType<GlobalComponents['teams-call-button']>['$props'];
export const props: Props = { 'token-url': '/api/acs-token', preload: 'eager' };
// @ts-expect-error: not a preload mode
export const wrong: Props = { preload: 'later' };

// Events: a handler gets the event's class, `detail` typed.
export const onEnded: Props['onTeams-call-ended'] = (event) => event.detail.callId.toUpperCase();
// @ts-expect-error: `detail.reason` is a string union, not a number
export const onEndedWrong: Props['onTeams-call-ended'] = (event) => event.detail.reason.toFixed();
export const bareSimulate: Props = { simulate: true };

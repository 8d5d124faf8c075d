import type { GlobalComponents } from 'vue';
import type {} from '../../types/vue.js';

type Props = InstanceType<GlobalComponents['teams-call-button']>['$props'];
export const props: Props = { 'token-url': '/api/acs-token', preload: 'eager' };
// @ts-expect-error: not a preload mode
export const wrong: Props = { preload: 'later' };

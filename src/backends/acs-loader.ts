import type { CallingSdkLoader } from './calling.js';

/**
 * The real SDK, loaded on demand. One function for the whole page, so all buttons share one SDK session; the element
 * and its call code both name it from here. Its preloader comes with the call code (see `acs-preload.ts`), to keep the
 * page's first load small.
 */
export const loadAcsSdk: CallingSdkLoader = () => import('./acs-sdk.js').then((module) => module.createAcsSdk());

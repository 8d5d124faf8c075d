import type { CallingSdkLoader } from './calling.js';
import { loadAcsSdk } from './acs-loader.js';

/**
 * The SDK's modules, relative to this one, as JSON: written in by the standalone build, which alone knows their file
 * names. With a host's bundler the names are the bundler's, this stays as it is, and nothing is preloaded.
 */
const SDK_MODULES = '@@sdk-modules@@';

/**
 * Fetches and compiles the SDK without evaluating it: a `<link rel="modulepreload">` for each of its modules, which the
 * browser handles off the main thread. Evaluation, the long task, waits for the visitor's click (`PageAgent.loadSdk`).
 */
function preloadAcsSdk(): void {
  if (!SDK_MODULES.startsWith('[')) return;
  for (const path of JSON.parse(SDK_MODULES) as string[]) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = new URL(path, import.meta.url).href;
    document.head.append(link);
  }
}

/** The real SDK's loader with its preloader, which the call code brings: the same function, so the same page SDK. */
export const acsSdkLoader: CallingSdkLoader = Object.assign(loadAcsSdk, { preload: preloadAcsSdk });

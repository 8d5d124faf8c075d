import type { CallingSdkLoader } from './calling.js';

const loaders = new Map<string, CallingSdkLoader>();

/**
 * The loader of the simulated SDK for a `simulate` value. The simulation's code, scenarios included, stays in its
 * own chunk, which checks the scenario. One loader per value, so that simulated buttons share a page session.
 */
export function simulationLoader(scenario: string): CallingSdkLoader {
  let loader = loaders.get(scenario);
  if (!loader) {
    loader = () => import('./simulated-sdk.js').then((module) => module.createSimulatedSdk(scenario));
    loaders.set(scenario, loader);
  }
  return loader;
}

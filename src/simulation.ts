import { CallError } from './call-error.js';
import type { CallingSdkLoader } from './calling.js';
import { en, format } from './strings.js';

/** What the simulated Teams callee does; `answer` when the `simulate` attribute has no value. */
export const SIMULATION_SCENARIOS = [
  'answer',
  'declined',
  'no-answer',
  'unavailable',
  'not-allowed',
  'network-drop',
  'recording-at-connect',
] as const;

export type SimulationScenario = (typeof SIMULATION_SCENARIOS)[number];

const loaders = new Map<SimulationScenario, CallingSdkLoader>();

/**
 * The loader of a simulated SDK for `simulate="scenario"`, or `invalid-config` for an unknown scenario.
 * One loader per scenario, so that simulated buttons share a page session as real ones do.
 */
export function simulationLoader(value: string): CallingSdkLoader {
  const scenario = (value.trim() || 'answer') as SimulationScenario;
  if (!SIMULATION_SCENARIOS.includes(scenario)) {
    throw new CallError('invalid-config', format(en.badScenario, { value, scenarios: SIMULATION_SCENARIOS.join(', ') }));
  }
  let loader = loaders.get(scenario);
  if (!loader) {
    loader = () => import('./simulated-sdk.js').then((module) => module.createSimulatedSdk(scenario));
    loaders.set(scenario, loader);
  }
  return loader;
}

/**
 * The texts the resting button shows, which load with the page: the first part of the English table in ../strings.ts.
 */
export const buttonStrings = {
  callLabel: 'Call {name}',
  /** The label when the page names no expert. */
  callExpert: 'Call an expert',
  expertFallback: 'the expert',
  preparing: 'Getting ready…',
  busyElsewhere: 'Another call is in progress on this page.',
  simulation: 'Simulation',
  simulationDetail: 'A simulated call: no one is really called.',
  sdkLoadFailed: "The calling service couldn't be loaded. Check your connection and try again.",
};

/**
 * Fills `{placeholders}` and capitalises the first letter (a sentence may start with `{name}`).
 * An unknown placeholder stays as it is, so a missing value is visible, not silent.
 */
export function format(template: string, values: Record<string, string | number> = {}): string {
  const text = template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
  return text.charAt(0).toUpperCase() + text.slice(1);
}

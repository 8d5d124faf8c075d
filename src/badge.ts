import { html } from 'lit';
import type { buttonStrings } from './i18n/button.js';

/**
 * Marks a simulated call, so that it can never pass for a real one: on the button and in the panel. A leaf module, so
 * that the lazy panel need not import from the eager element. Its styles come with the in-call UI, which a simulated
 * element loads at once.
 */
export function simulationBadge(text: Pick<typeof buttonStrings, 'simulation' | 'simulationDetail'>) {
  return html`<span part="badge" class="badge" title=${text.simulationDetail}>${text.simulation}</span>`;
}

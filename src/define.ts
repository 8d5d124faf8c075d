/**
 * Registers `<teams-call-button>`: the one module with a side effect, and the standalone build's entry.
 * Guarded, so that two copies of the package on one page never throw.
 */
import './hardened-page.js';
import { TeamsCallButton } from './teams-call-button.js';

export { TeamsCallButton };
export { TEAMS_CALL_EVENTS } from './events.js';
export type * from './index.js';

TeamsCallButton.define();

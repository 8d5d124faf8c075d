import { css } from 'lit';

/** The in-call UI's share of the theming layer (see ../teams-call-button.styles.ts): colours only a call uses. */
export const panelStyles = css`
  :host {
    --_danger: var(--teams-call-danger, light-dark(#c4314b, #f1707b));
    --_on-danger: var(--teams-call-on-danger, light-dark(#ffffff, #1f0d10));
    --_surface: var(--teams-call-surface, light-dark(#ffffff, #292929));
    --_text: var(--teams-call-text, light-dark(#242424, #ffffff));
    --_muted-text: var(--teams-call-muted-text, light-dark(#616161, #c7c7c7));
    --_border: var(--teams-call-border, light-dark(#d1d1d1, #5c5c5c));
    --_notice: var(--teams-call-notice, light-dark(#fde7e9, #3e1f25));
    --_on-notice: var(--teams-call-on-notice, light-dark(#8a1c2b, #ffc9cf));
    --_ok: light-dark(#107c10, #54b054);
  }
  button[aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.55;
  }
  .switch {
    display: flex;
    align-items: center;
    gap: 0.5em;
    min-height: 2.75em;
    cursor: pointer;
  }
  .switch input {
    width: 1.25em;
    height: 1.25em;
    margin: 0;
    accent-color: var(--_accent);
  }
  .sharing {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em;
    padding: 0.5em 0.75em;
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }
  .sharing button {
    min-height: 2.25em;
    border-color: currentColor;
  }
  .panel.minimized .sharing {
    grid-column: 1 / -1;
  }
  .precheck {
    display: grid;
    gap: 0.5em;
    padding: 0.75em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .precheck p {
    margin: 0;
  }
  .precheck-title {
    font-weight: 600;
  }
  .precheck-row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em;
  }
  .precheck meter {
    flex: 1 1 8em;
    height: 1em;
  }
  .precheck-camera {
    aspect-ratio: 16 / 9;
    border-radius: var(--_radius);
    overflow: hidden;
    background: #1b1b1f;
  }
  .precheck-camera > * {
    width: 100%;
    height: 100%;
  }
  .captions {
    max-height: 8.5em;
    overflow-y: auto;
    padding: 0.5em 0.75em;
    border-radius: var(--_radius);
    background: light-dark(#f0f0f0, #1f1f1f);
    overflow-wrap: anywhere;
  }
  .captions p {
    margin: 0;
  }
  .captions .speaker {
    font-weight: 600;
  }
  .captions .partial,
  .captions .waiting {
    color: var(--_muted-text);
  }
  .screen-share {
    aspect-ratio: 16 / 9;
    border-radius: var(--_radius);
    overflow: hidden;
    background: #1b1b1f;
  }
  .screen-share > * {
    width: 100%;
    height: 100%;
  }
  /* The "Simulation" badge, on the button too: a simulated element loads these styles at once. */
  .badge {
    display: inline-block;
    padding: 0.1em 0.5em;
    border: 1px dashed currentColor;
    border-radius: 999px;
    font-size: 0.75em;
    font-weight: 600;
    text-transform: uppercase;
  }
  .panel {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0.75em;
    width: min(24em, 100%);
    padding: 1em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 1.5);
    background: var(--_surface);
    color: var(--_text);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.12);
  }
  .panel.minimized {
    grid-template-columns: 1fr auto;
    align-items: center;
    padding: 0.5em 0.75em;
  }
  .panel.minimized .notice {
    grid-column: 1 / -1;
    grid-row: 2;
  }
  .top {
    display: flex;
    align-items: center;
    justify-content: flex-end;
    gap: 0.5em;
    margin: -0.5em -0.5em -0.5em 0;
  }
  .top .badge {
    margin-inline-end: auto;
  }
  .status {
    display: flex;
    align-items: baseline;
    gap: 0.5em;
    flex-wrap: wrap;
    overflow-wrap: anywhere;
  }
  .status-text {
    flex: 1 1 8em;
    min-width: 0;
    font-weight: 600;
  }
  .indicator {
    flex: none;
    width: 0.65em;
    height: 0.65em;
    border-radius: 50%;
    background: var(--_muted-text);
  }
  [data-state='ringing'] .indicator,
  [data-state='connecting'] .indicator {
    background: var(--_accent);
    animation: pulse 1.2s ease-in-out infinite;
  }
  [data-state='connected'] .indicator {
    background: var(--_ok);
  }
  .timer {
    font-variant-numeric: tabular-nums;
    color: var(--_muted-text);
  }
  .notice {
    display: grid;
    gap: 0.5em;
    padding: 0.5em 0.75em;
    border-radius: var(--_radius);
    background: var(--_notice);
    color: var(--_on-notice);
    font-weight: 600;
  }
  .notice p {
    display: flex;
    align-items: center;
    gap: 0.5em;
    margin: 0;
  }
  .notice svg {
    color: var(--_danger);
  }
  .consent-question {
    font-weight: 400;
  }
  .consent-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  .consent-actions button {
    flex: 1 1 0;
  }
  .primary {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .leave {
    border-color: currentColor;
  }
  .note,
  .hint {
    margin: 0;
    color: var(--_muted-text);
    font-size: 0.875em;
  }
  .hint:empty {
    display: none;
  }
  .hint {
    color: var(--_text);
    font-weight: 600;
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  /* Icon over label, as call apps lay out their controls, so five fit a 320 px wide column. */
  .controls button {
    flex: 1 1 4.25em;
    flex-direction: column;
    gap: 0.15em;
    min-width: 4.25em;
    padding: 0.45em 0.25em;
    font-size: 0.8125em;
    line-height: 1.2;
    /* Long words (Wähltastatur, Périphériques) break rather than overflow a narrow column. */
    overflow-wrap: anywhere;
    hyphens: auto;
  }
  .minimized .controls button,
  .top button {
    flex: none;
    padding: 0.4em;
  }
  .mute,
  .quiet {
    background: transparent;
    color: var(--_text);
    border-color: var(--_border);
  }
  .top .quiet {
    border-color: transparent;
    min-height: 2em;
    min-width: 2em;
  }
  .mute[aria-pressed='true'],
  .quiet[aria-pressed='true'] {
    background: var(--_text);
    color: var(--_surface);
  }
  .hang-up {
    background: var(--_danger);
    color: var(--_on-danger);
  }
  .devices {
    display: grid;
    gap: 0.5em;
  }
  .device {
    display: grid;
    gap: 0.25em;
    font-size: 0.875em;
  }
  .device select {
    min-width: 0;
    max-width: 100%;
    font: inherit;
    min-height: 2.5em;
    padding: 0 0.5em;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
    max-width: 100%;
  }
  .device select:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 1px;
  }
  .keypad {
    /* A dial pad reads 1 2 3 from the left in every language, as on phones. */
    direction: ltr;
    display: grid;
    grid-template-columns: repeat(3, minmax(0, 1fr));
    gap: 0.4em;
  }
  .key {
    min-width: 0;
    padding-inline: 0;
    border-color: var(--_border);
    font-size: 1.125em;
    font-variant-numeric: tabular-nums;
  }
  .key:active {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .dialed {
    grid-column: 1 / -1;
    margin: 0;
    min-height: 1.4em;
    font-variant-numeric: tabular-nums;
    color: var(--_muted-text);
  }
  /* The docked bar: the viewport's bottom inline-end corner, clear of the page's declared offsets, the device's safe
     areas and an on-screen keyboard (--_keyboard, measured while docked). */
  .dock {
    position: fixed;
    z-index: 2147483000;
    inset-block-end: calc(
      max(env(safe-area-inset-bottom, 0px), var(--_keyboard, 0px)) + var(--teams-call-dock-inset-block-end, 1rem)
    );
    inset-inline-end: calc(
      max(env(safe-area-inset-left, 0px), env(safe-area-inset-right, 0px)) + var(--teams-call-dock-inset-inline-end, 1rem)
    );
    display: grid;
    gap: 0.5em;
    box-sizing: border-box;
    width: max-content;
    max-width: min(22em, calc(100vw - 2rem));
    padding: 0.5em 0.75em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 1.5);
    background: var(--_surface);
    color: var(--_text);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
  }
  .dock p {
    margin: 0;
  }
  .dock .notice {
    padding: 0.25em 0.5em;
  }
  .dock .controls button {
    flex: 1 1 auto;
    min-width: 0;
    font-size: 0.875em;
  }
  @media (prefers-reduced-motion: no-preference) {
    .dock {
      animation: dock-in 160ms ease-out;
    }
  }
  @keyframes dock-in {
    from {
      opacity: 0;
      translate: 0 0.5em;
    }
  }
  @keyframes pulse {
    50% {
      opacity: 0.3;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .indicator {
      animation: none !important;
    }
  }
  @media (forced-colors: active) {
    .panel,
    .dock,
    .notice {
      border: 1px solid CanvasText;
    }
    .indicator {
      forced-color-adjust: none;
      background: CanvasText;
    }
    .mute[aria-pressed='true'],
    .quiet[aria-pressed='true'] {
      border-width: 3px;
    }
  }
`;

import { css } from 'lit';

/**
 * The element's theming layer: public `--teams-call-*` properties map to private `--_*` ones here, once;
 * every other rule (in this file and in the in-call panel) reads only the private ones.
 */
export const hostStyles = css`
  :host {
    --_accent: var(--teams-call-accent, #5b5fc7);
    --_on-accent: var(--teams-call-on-accent, #ffffff);
    --_danger: var(--teams-call-danger, #c4314b);
    --_on-danger: var(--teams-call-on-danger, #ffffff);
    --_surface: var(--teams-call-surface, #ffffff);
    --_text: var(--teams-call-text, #242424);
    --_muted-text: var(--teams-call-muted-text, #616161);
    --_border: var(--teams-call-border, #d1d1d1);
    --_notice: var(--teams-call-notice, #fde7e9);
    --_on-notice: var(--teams-call-on-notice, #8a1c2b);
    --_radius: var(--teams-call-radius, 8px);
    --_font: var(--teams-call-font, inherit);
    --_focus: var(--teams-call-focus, #0f6cbd);

    display: inline-block;
    max-width: 100%;
    box-sizing: border-box;
    color-scheme: light dark;
    font-family: var(--_font);
    font-size: var(--teams-call-font-size, 1rem);
    line-height: 1.4;
    color: var(--_text);
    text-align: start;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_accent: var(--teams-call-accent, #7f85f5);
      --_on-accent: var(--teams-call-on-accent, #0e0e1a);
      --_danger: var(--teams-call-danger, #f1707b);
      --_on-danger: var(--teams-call-on-danger, #1f0d10);
      --_surface: var(--teams-call-surface, #292929);
      --_text: var(--teams-call-text, #ffffff);
      --_muted-text: var(--teams-call-muted-text, #c7c7c7);
      --_border: var(--teams-call-border, #5c5c5c);
      --_notice: var(--teams-call-notice, #3e1f25);
      --_on-notice: var(--teams-call-on-notice, #ffc9cf);
      --_focus: var(--teams-call-focus, #479ef5);
    }
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button {
    all: unset;
    box-sizing: border-box;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5em;
    min-height: 2.75em;
    min-width: 2.75em;
    padding: 0.5em 1.1em;
    border-radius: var(--_radius);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
    text-align: center;
    border: 1px solid transparent;
  }
  button:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  svg {
    width: 1.25em;
    height: 1.25em;
    flex: none;
    fill: currentColor;
  }
  .trigger {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .trigger:hover:not(:disabled) {
    filter: brightness(1.08);
  }
  .message {
    margin: 0.5em 0 0;
    max-width: 22em;
    color: var(--_muted-text);
    overflow-wrap: anywhere;
  }
  .message[data-kind='failed'] {
    color: var(--_danger);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (forced-colors: active) {
    button {
      border-color: ButtonText;
    }
    button:focus-visible {
      outline-color: Highlight;
    }
  }
`;

import { css } from 'lit';

/**
 * The element's theming layer: public `--teams-call-*` properties map to private `--_*` ones once: here those the
 * button uses, in the in-call UI's styles (./panel/panel.styles.ts) those only a call uses, so that they load with it;
 * every other rule reads only the private ones.
 * light-dark() follows color-scheme, inherited from the page (its own `color-scheme`), or set by the theme attribute.
 * What sits on the page's own background (the message under the button) takes the page's text colour, so it reads
 * on any page; what has its own background (the button, the panel) uses the palette. (No CSS comments inside the
 * template: they would ship in the first load.)
 */
export const hostStyles = css`
  :host {
    --_accent: var(--teams-call-accent, light-dark(#5b5fc7, #7f85f5));
    --_on-accent: var(--teams-call-on-accent, light-dark(#ffffff, #0e0e1a));
    --_focus: var(--teams-call-focus, light-dark(#0f6cbd, #479ef5));
    --_radius: var(--teams-call-radius, 8px);
    --_font: var(--teams-call-font, inherit);

    display: inline-block;
    max-width: 100%;
    box-sizing: border-box;
    font-family: var(--_font);
    font-size: var(--teams-call-font-size, inherit);
    line-height: 1.4;
    text-align: start;
  }
  :host([theme='auto']) {
    color-scheme: light dark;
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
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
    flex: 1 1 auto;
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
  }
  .message {
    margin: 0.5em 0 0;
    max-width: 22em;
    overflow-wrap: anywhere;
  }
  .message[data-kind='failed'] {
    font-weight: 600;
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

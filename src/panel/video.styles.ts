import { css } from 'lit';

export const videoStyles = css`
  .video {
    position: relative;
    aspect-ratio: 4 / 3;
    border-radius: var(--_radius);
    overflow: hidden;
    background: #1b1b1f;
  }
  .video.large {
    width: min(40em, calc(100vw - 2em));
  }
  .panel:has(.video.large) {
    width: auto;
  }
  .remote,
  .remote > * {
    width: 100%;
    height: 100%;
  }
  .local {
    position: absolute;
    inset-inline-end: 0.5em;
    inset-block-end: 0.5em;
    width: 30%;
    aspect-ratio: 4 / 3;
    border-radius: calc(var(--_radius) / 2);
    overflow: hidden;
    box-shadow: 0 0 0 2px var(--_surface);
  }
  .video:not(:has(.remote)) .local {
    position: static;
    width: 100%;
    height: 100%;
  }
  .local > * {
    width: 100%;
    height: 100%;
  }
  .enlarge {
    position: absolute;
    inset-inline-end: 0.25em;
    inset-block-start: 0.25em;
    min-height: 2em;
    min-width: 2em;
    padding: 0.25em;
    background: rgb(0 0 0 / 0.5);
    color: #fff;
    border: none;
  }
`;

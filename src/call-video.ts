/**
 * The video area of a video call (`<teams-call-button video>`): the Teams user's video, the visitor's mirrored
 * preview, and a way to enlarge them. Loaded only for elements with the `video` attribute.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import type { PanelView } from './call-panel.js';
import { format } from './strings.js';

export function renderVideo({ call, toggles, toggle }: PanelView): TemplateResult | typeof nothing {
  const { local, remote } = call.videos;
  if (!local && !remote) return nothing;
  const s = call.strings;
  const name = call.calleeName || s.expertFallback;
  return html`
    <div part="video" class="video ${toggles.videoLarge ? 'large' : ''}">
      ${remote ? html`<div class="remote" role="img" aria-label=${format(s.remoteVideo, { name })}>${remote}</div>` : nothing}
      ${local ? html`<div class="local" role="img" aria-label=${s.localVideo}>${local}</div>` : nothing}
      <button
        class="quiet enlarge"
        aria-pressed=${toggles.videoLarge ? 'true' : 'false'}
        aria-label=${toggles.videoLarge ? s.shrinkVideo : s.enlargeVideo}
        @click=${() => toggle('videoLarge')}
      >
        ⤢
      </button>
    </div>
  `;
}

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

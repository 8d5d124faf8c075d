/**
 * The video area of a video call (`<teams-call-button video>`): the Teams user's video, the visitor's mirrored
 * preview, and a way to enlarge them. Loaded only for elements with the `video` attribute.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { PanelView } from './panel.js';
import { format } from '../i18n/strings.js';
export { videoStyles } from './video.styles.js';

export function renderVideo({ call, toggles, toggle }: PanelView): TemplateResult | typeof nothing {
  const { local, remote } = call.current.videos;
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

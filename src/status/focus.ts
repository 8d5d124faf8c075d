/** A button whose shadow root the forms under it render into. */
export type RenderedHost = HTMLElement & { updateComplete: Promise<unknown> };

/** Moves the focus to `selector` in the host's shadow root once the pending update has put it on the page. */
export function focusWhenRendered(host: RenderedHost, selector: string): void {
  void host.updateComplete.then(() => (host.shadowRoot?.querySelector(selector) as HTMLElement | null)?.focus());
}

/**
 * One call per browser, across the site's tabs: two tabs in calls fight over the microphone and camera (Microsoft
 * advises against it, on phones above all). Each tab with a placed call says so on a BroadcastChannel of this origin,
 * and a tab that opens asks once who is in a call, so that a click knows at once. The SDK's own
 * `DebugInfo.isCallClientActiveInAnotherTab` is not used: it is true as soon as another tab has loaded the SDK, with or
 * without a call, and the element keeps the SDK loaded between calls.
 */
interface TabMessage {
  tab: string;
  inCall: boolean;
  /** A tab that has just opened asks the others to say whether they are in a call. */
  asking?: boolean;
}

/** Open for the page's life, like the page's calling session; nothing else of the element uses it. */
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('teams-call-button:calls') : undefined;
const thisTab = crypto.randomUUID();
const tabsInCall = new Set<string>();
let inCallHere = false;

const say = (message: TabMessage) => channel?.postMessage(message);

channel?.addEventListener('message', ({ data }: MessageEvent<Partial<TabMessage> | null>) => {
  if (typeof data?.tab !== 'string') return;
  if (data.inCall) tabsInCall.add(data.tab);
  else tabsInCall.delete(data.tab);
  if (data.asking && inCallHere) say({ tab: thisTab, inCall: true });
});
say({ tab: thisTab, inCall: false, asking: true });

export const otherTabs = {
  /** Whether another tab of this site has a call under way. */
  get inCall(): boolean {
    return tabsInCall.size > 0;
  },
  /** This tab's call was placed, or has ended. */
  set(inCall: boolean): void {
    if (inCall === inCallHere) return;
    inCallHere = inCall;
    say({ tab: thisTab, inCall });
  },
};

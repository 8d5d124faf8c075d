import type { AgentOptions, CallingAgent, CallingCall, CallingSdk, CallingSdkLoader } from '../backends/calling.js';
import { within } from '../deadline.js';

/**
 * After a call, the agent waits this long for another call before it is released: it keeps a registered
 * endpoint and a token refresh going, which an idle page should not hold for long.
 */
export const AGENT_IDLE_MS = 5 * 60_000;

/** The page's agent, with the options (the token) it was made from, each readable on its own. */
export interface AgentEntry {
  source: unknown;
  displayName: string | undefined;
  options: Promise<AgentOptions>;
  agent: Promise<CallingAgent>;
}

/**
 * What all buttons of a page share for one SDK: the loaded SDK and its one call agent
 * (the SDK allows one agent per client), released when the last button leaves or the page hides.
 * An agent that carries a call is never replaced or disposed under it.
 */
export class PageAgent {
  /** The controllers that use this SDK; the last to leave releases it. */
  private readonly users = new Set<object>();
  private sdk?: Promise<CallingSdk>;
  private loaded?: CallingSdk;
  private preloaded = false;
  /** A token got on intent, before the SDK was evaluated: the click's agent uses it. */
  private prefetched?: Pick<AgentEntry, 'source' | 'options'>;
  private agentEntry?: AgentEntry;
  private idleTimer?: ReturnType<typeof setTimeout>;
  /** The controller whose call the agent carries, if any, and how it takes on a call the agent alone reports. */
  private caller?: object;
  private adoptCall?: (call: CallingCall) => void;
  /** The agent lost its connection or failed a call while carrying one: it goes when the call ends. */
  private agentStale = false;
  /** The last agent's disposal: the SDK refuses a new agent on the client until it is done (400/40008). */
  private disposing: Promise<void> = Promise.resolve();
  private stopWatchingAgent: (() => void)[] = [];
  /** A warm-up failed: intent gets no token before this time (the provider's Retry-After, or a back-off). */
  warmUpBlockedUntil = 0;

  constructor(private readonly loader: CallingSdkLoader) {}

  join(user: object): void {
    this.users.add(user);
  }

  /** A controller leaves for good; the last one releases the SDK. */
  leave(user: object): void {
    if (!this.users.delete(user) || this.users.size > 0) return;
    void this.release();
  }

  /**
   * Loads the SDK once; a failed or stalled load is forgotten so that the next call tries again. Its evaluation is a
   * long main-thread task, so it starts only once `shown` (the panel rendered) has resolved and that frame is on
   * screen: the visitor sees "Preparing…" at once, and no input waits for the SDK.
   */
  loadSdk(shown: Promise<unknown> = Promise.resolve()): Promise<CallingSdk> {
    this.sdk ??= within(
      shown.then(afterFrameOnScreen).then(() => {
        performance.mark('teams-call-button:sdk-load');
        return this.loader();
      }),
    ).then(
      (sdk) => (this.loaded = sdk),
      (error: unknown) => {
        this.sdk = undefined;
        throw error;
      },
    );
    return this.sdk;
  }

  /** Fetches and compiles the SDK ahead of the click, without evaluating it (see `CallingSdkLoader`). */
  preloadSdk(): void {
    if (this.sdk || this.preloaded) return;
    this.preloaded = true;
    this.loader.preload?.();
  }

  /** The SDK has been evaluated: readying an agent costs the page no long task. */
  get sdkReady(): boolean {
    return this.loaded !== undefined;
  }

  /**
   * Gets the token of the next agent ahead of the click (network only), for `agentFor` to use whatever display name
   * the click brings (the visitor's own, from the intake); a failed one is forgotten, so that the click asks again.
   */
  prefetchOptions(source: unknown, options: () => Promise<AgentOptions>) {
    const current = this.prefetched;
    if (current && current.source === source) return current.options;
    const entry = { source, options: options() };
    this.prefetched = entry;
    entry.options.catch(() => {
      if (this.prefetched === entry) this.prefetched = undefined;
    });
    return entry.options;
  }

  /**
   * A call is placed on the page's agent: until `callEnded`, nothing replaces or disposes it, and a call that only the
   * agent's list shows (a transfer the SDK did not report) goes to `adopt`.
   */
  callStarted(caller: object, adopt: (call: CallingCall) => void): void {
    this.caller = caller;
    this.adoptCall = adopt;
    this.cancelIdleRelease();
  }

  /** The call is over: a stale agent goes now, a healthy one after a while unused. */
  callEnded(caller: object): void {
    if (this.caller !== caller) return;
    this.caller = undefined;
    this.adoptCall = undefined;
    if (this.agentStale) void this.dropAgent();
    else this.releaseAgentWhenIdle();
  }

  /** Whether the page's agent carries a call now. */
  get inCall(): boolean {
    return this.caller !== undefined;
  }

  /**
   * The page's agent for this token source and display name: the live one (or the one being made, by a warm-up or
   * another button), else a new one, made once `options` (the token) are ready and the old one is disposed.
   * While a call is under way the live agent is returned whatever is asked: it is never swapped under a call.
   */
  agentFor(source: unknown, displayName: string | undefined, options: () => Promise<AgentOptions>): AgentEntry {
    this.cancelIdleRelease();
    const current = this.agentEntry;
    if (current && (this.inCall || madeFor(current, source, displayName))) return current;
    if (current) void this.dropAgent();
    const prefetched = this.prefetched;
    this.prefetched = undefined;
    const ready = prefetched && prefetched.source === source ? prefetched.options : options();
    const disposed = this.disposing;
    const agent = (async () => {
      const sdk = await this.loadSdk();
      const readyOptions = await ready;
      await disposed;
      return sdk.createAgent({ ...readyOptions, displayName: readyOptions.verifiedName ?? displayName });
    })();
    const entry: AgentEntry = { source, displayName, options: ready, agent };
    this.agentEntry = entry;
    this.agentStale = false;
    agent.then(
      (live) => {
        if (this.agentEntry !== entry) return;
        this.stopWatchingAgent = [
          live.watchDisconnect(() => this.agentLost(entry)),
          // No call the agent holds may run without a UI: it goes to the call under way, or is hung up.
          live.watchCalls((call) =>
            this.adoptCall ? this.adoptCall(call) : void call.hangUp().catch(() => undefined),
          ),
        ];
      },
      () => {
        if (this.agentEntry !== entry) return;
        this.agentEntry = undefined;
        this.cancelIdleRelease();
      },
    );
    return entry;
  }

  /** An agent that lost its connection (network, token) is of no use to the next call. */
  private agentLost(entry: AgentEntry): void {
    if (this.agentEntry !== entry) return;
    if (this.inCall) this.agentStale = true;
    else void this.dropAgent();
  }

  releaseAgentWhenIdle(): void {
    this.cancelIdleRelease();
    if (this.agentEntry && !this.inCall) this.idleTimer = setTimeout(() => void this.dropAgent(), AGENT_IDLE_MS);
  }

  /** Disposes the agent, unless it carries a call: then it goes when that call ends. */
  dropAgent(): Promise<void> {
    if (this.inCall) {
      this.agentStale = true;
      return this.disposing;
    }
    this.cancelIdleRelease();
    const entry = this.agentEntry;
    this.agentEntry = undefined;
    this.stopWatchingAgent.splice(0).forEach((stop) => stop());
    if (entry) this.disposing = this.disposing.then(() => disposeAgent(entry.agent));
    return this.disposing;
  }

  /** Disposes the agent and the SDK client, a call included (the page is going): the next call loads them again. */
  async release(): Promise<void> {
    const sdk = this.sdk;
    this.sdk = undefined;
    this.loaded = undefined;
    this.prefetched = undefined;
    this.caller = undefined;
    this.adoptCall = undefined;
    await this.dropAgent();
    const loaded = await sdk?.catch(() => undefined);
    await loaded?.dispose().catch(() => undefined);
  }

  private cancelIdleRelease(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}

/**
 * Resolves once the frame now being drawn is on screen: after the next two animation frames, since the first runs
 * before that frame is painted and its raster, on a small device, shares the processor with what comes next. At once in
 * a hidden page, which paints nothing.
 */
export function afterFrameOnScreen(): Promise<void> {
  return new Promise((resolve) => {
    if (document.visibilityState === 'hidden') return resolve();
    requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
  });
}

/** Whether `entry` (an agent, or a token got ahead) was made for this token source and display name. */
function madeFor(entry: Omit<AgentEntry, 'agent'>, source: unknown, displayName: string | undefined): boolean {
  return entry.source === source && entry.displayName === displayName;
}

/** Disposal at release has no one left to report to: a failed or already disposed agent is simply gone. */
async function disposeAgent(agent: Promise<CallingAgent>): Promise<void> {
  await agent.then((live) => live.dispose()).catch(() => undefined);
}

const pages = new WeakMap<CallingSdkLoader, PageAgent>();

export function pageAgentFor(loader: CallingSdkLoader): PageAgent {
  let page = pages.get(loader);
  if (!page) pages.set(loader, (page = new PageAgent(loader)));
  return page;
}

import type { AgentOptions, CallingAgent, CallingSdk, CallingSdkLoader } from './calling.js';

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
 */
export class PageCalling {
  /** The controllers that use this SDK; the last to leave releases it. */
  readonly users = new Set<object>();
  private sdk?: Promise<CallingSdk>;
  private agentEntry?: AgentEntry;
  private idleTimer?: ReturnType<typeof setTimeout>;

  constructor(private readonly loader: CallingSdkLoader) {}

  /** Loads the SDK once; a failed load is forgotten so that the next call tries again. */
  loadSdk(): Promise<CallingSdk> {
    this.sdk ??= this.loader().catch((error: unknown) => {
      this.sdk = undefined;
      throw error;
    });
    return this.sdk;
  }

  /**
   * The page's agent for this token source and display name: the live one (or the one being made, by a warm-up or
   * another button), else a new one, made once `options` (the token) are ready; the old one is disposed first.
   */
  agentFor(source: unknown, displayName: string | undefined, options: () => Promise<AgentOptions>): AgentEntry {
    this.cancelIdleRelease();
    const current = this.agentEntry;
    if (current && current.source === source && current.displayName === displayName) return current;
    const previous = current?.agent;
    const ready = options();
    const agent = (async () => {
      if (previous) await disposeAgent(previous);
      const sdk = await this.loadSdk();
      return sdk.createAgent(await ready);
    })();
    const entry: AgentEntry = { source, displayName, options: ready, agent };
    this.agentEntry = entry;
    agent.catch(() => {
      if (this.agentEntry !== entry) return;
      this.agentEntry = undefined;
      this.cancelIdleRelease();
    });
    return entry;
  }

  releaseAgentWhenIdle(): void {
    this.cancelIdleRelease();
    if (this.agentEntry) this.idleTimer = setTimeout(() => void this.dropAgent(), AGENT_IDLE_MS);
  }

  async dropAgent(): Promise<void> {
    this.cancelIdleRelease();
    const entry = this.agentEntry;
    this.agentEntry = undefined;
    if (entry) await disposeAgent(entry.agent);
  }

  /** Disposes the agent and the SDK client; the next call loads them again. */
  async release(): Promise<void> {
    const sdk = this.sdk;
    this.sdk = undefined;
    await this.dropAgent();
    const loaded = await sdk?.catch(() => undefined);
    await loaded?.dispose().catch(() => undefined);
  }

  private cancelIdleRelease(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}

/** Disposal at release has no one left to report to: a failed or already disposed agent is simply gone. */
async function disposeAgent(agent: Promise<CallingAgent>): Promise<void> {
  await agent.then((live) => live.dispose()).catch(() => undefined);
}

const pages = new WeakMap<CallingSdkLoader, PageCalling>();

export function pageCallingFor(loader: CallingSdkLoader): PageCalling {
  let page = pages.get(loader);
  if (!page) pages.set(loader, (page = new PageCalling(loader)));
  return page;
}

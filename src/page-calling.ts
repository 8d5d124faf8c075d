import type { AgentOptions, CallingAgent, CallingSdk, CallingSdkLoader } from './calling.js';

/**
 * After a call, the agent waits this long for another call before it is released: it keeps a registered
 * endpoint and a token refresh going, which an idle page should not hold for long.
 */
export const AGENT_IDLE_MS = 5 * 60_000;

interface AgentEntry {
  source: unknown;
  displayName: string | undefined;
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

  get hasAgent(): boolean {
    return this.agentEntry !== undefined;
  }

  /** Loads the SDK once; a failed load is forgotten so that the next call tries again. */
  loadSdk(): Promise<CallingSdk> {
    this.sdk ??= this.loader().catch((error: unknown) => {
      this.sdk = undefined;
      throw error;
    });
    return this.sdk;
  }

  /** The live agent, when it was made from the same token source and display name. */
  reusableAgent(source: unknown, displayName: string | undefined): Promise<CallingAgent> | undefined {
    const entry = this.agentEntry;
    if (!entry || entry.source !== source || entry.displayName !== displayName) return undefined;
    this.cancelIdleRelease();
    return entry.agent;
  }

  /** Replaces the page's agent with a new one; the old one is disposed first. */
  createAgent(source: unknown, options: AgentOptions): Promise<CallingAgent> {
    this.cancelIdleRelease();
    const previous = this.agentEntry?.agent;
    const agent = (async () => {
      if (previous) await disposeAgent(previous);
      return (await this.loadSdk()).createAgent(options);
    })();
    const entry: AgentEntry = { source, displayName: options.displayName, agent };
    this.agentEntry = entry;
    agent.catch(() => {
      if (this.agentEntry === entry) this.agentEntry = undefined;
    });
    return agent;
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

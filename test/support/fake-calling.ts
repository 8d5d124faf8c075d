/**
 * A scripted fake of our calling interface (src/calling.ts). Tests play the Teams side through it
 * and count what the element leaves behind: live calls, agents, listeners, SDK sessions.
 */
import type {
  AgentOptions,
  AudioDeviceKind,
  AudioDevices,
  CallEndCode,
  CallingAgent,
  CallingCall,
  CallingSdk,
  CallingSdkLoader,
  CallStats,
  CallTarget,
  CallUpdate,
  DtmfTone,
  MicrophoneAccess,
  SdkCallState,
  StartOptions,
  SurveyAnswer,
  TransferTarget,
} from '../../src/backends/calling.js';

let fakeCallCount = 0;

export class FakeCall implements CallingCall {
  readonly id = `fake-call-${++fakeCallCount}`;
  state: SdkCallState = 'None';
  isMuted = false;
  recordingActive = false;
  transcriptionActive = false;
  endReason?: CallEndCode;
  hangUps = 0;
  readonly tones: DtmfTone[] = [];
  cameraOn = false;
  cameraError?: Error;
  statsWatchers = new Map<(stats: CallStats) => void, number>();
  /** What the SDK reports when the visitor hangs up: 0/0 once answered, 487/0 before. */
  hangUpError?: Error;
  readonly listeners = new Set<(update: CallUpdate) => void>();

  /** Set when the camera was asked for (only when the visitor turns it on). */
  onCameraAsked?: () => void;

  constructor(
    readonly target: CallTarget,
    readonly options: StartOptions = { video: false },
  ) {}

  subscribe(listener: (update: CallUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Once disconnected, a call stays over, whatever late events follow. */
  private over = false;

  /** The Teams side moves the call on. */
  setState(state: SdkCallState, endReason?: CallEndCode): void {
    if (state === 'Disconnected') this.over = true;
    this.state = state;
    if (endReason) this.endReason = endReason;
    this.emit({ type: 'state', state });
  }

  end(code: number, subCode?: number): void {
    this.setState('Disconnected', { code, subCode });
  }

  setRecording(active: boolean): void {
    this.recordingActive = active;
    this.emit({ type: 'recording', active });
  }

  setTranscription(active: boolean): void {
    this.transcriptionActive = active;
    this.emit({ type: 'transcription', active });
  }

  /** Muted by the visitor or by the Teams side. */
  setMuted(muted: boolean): void {
    this.isMuted = muted;
    this.emit({ type: 'muted', muted });
  }

  async hangUp(): Promise<void> {
    this.hangUps++;
    if (this.hangUpError) throw this.hangUpError;
    if (this.over) return;
    const answered = this.state === 'Connected' || this.state === 'RemoteHold';
    this.setState('Disconnecting');
    this.end(answered ? 0 : 487, 0);
  }

  async mute(): Promise<void> {
    this.setMuted(true);
  }

  async unmute(): Promise<void> {
    this.setMuted(false);
  }

  async sendDtmf(tone: DtmfTone): Promise<void> {
    this.tones.push(tone);
  }

  /** Ratings sent for this call; `surveyError` makes the next one fail. */
  readonly surveys: SurveyAnswer[] = [];
  surveyError?: Error;
  async submitSurvey(answer: SurveyAnswer): Promise<void> {
    if (this.surveyError) throw this.surveyError;
    this.surveys.push(answer);
  }

  captionsSupported = true;
  /** The spoken languages asked for, one per `startCaptions`; `captionsError` makes the next one fail. */
  readonly captionRequests: string[] = [];
  captionsError?: Error;
  captionsStopped = 0;
  async startCaptions(language: string): Promise<void> {
    if (this.captionsError) throw this.captionsError;
    this.captionRequests.push(language);
  }
  async stopCaptions(): Promise<void> {
    this.captionsStopped++;
  }
  /** Caption languages asked for; `captionLanguageError` makes the next fail (no Teams Premium). */
  readonly captionLanguages: string[] = [];
  captionLanguageError?: Error;
  async setCaptionLanguage(language: string): Promise<void> {
    if (this.captionLanguageError) throw this.captionLanguageError;
    this.captionLanguages.push(language);
  }

  screenSharingSupported = true;
  isScreenSharingOn = false;
  /** Makes the next `startScreenSharing` fail, as when the visitor cancels the browser's picker. */
  screenSharingError?: Error;
  async startScreenSharing(): Promise<void> {
    if (this.screenSharingError) throw this.screenSharingError;
    this.setSharing(true);
  }
  async stopScreenSharing(): Promise<void> {
    this.setSharing(false);
  }
  /** The share starts or stops; `false` alone is the browser's own "Stop sharing". */
  setSharing(active: boolean): void {
    this.isScreenSharingOn = active;
    this.emit({ type: 'sharing', active });
  }

  /** Whether the browser has noise suppression; `noiseSuppressionError` makes the next change fail. */
  noiseSuppressionAvailable = true;
  noiseSuppressionError?: Error;
  /** Each change asked for, in order. */
  readonly noiseSuppressionChanges: boolean[] = [];
  async noiseSuppressionSupported(): Promise<boolean> {
    return this.noiseSuppressionAvailable;
  }
  async setNoiseSuppression(on: boolean): Promise<void> {
    if (this.noiseSuppressionError) throw this.noiseSuppressionError;
    this.noiseSuppressionChanges.push(on);
  }

  /** The Teams side's captions service starts or stops. */
  setCaptions(active: boolean): void {
    this.emit({ type: 'captions', active });
  }

  /** A line of captions arrives. */
  caption(speaker: string, text: string, final = true): void {
    this.emit({ type: 'caption', caption: { speaker, text, final, language: 'en-us' } });
  }

  /** Like the real call: the preview arrives as a `video` update once the camera runs. */
  async setCamera(on: boolean): Promise<void> {
    if (on) this.onCameraAsked?.();
    if (this.cameraError) throw this.cameraError;
    this.cameraOn = on;
    this.emit({
      type: 'video',
      side: 'local',
      view: on ? Object.assign(document.createElement('div'), { id: 'local-view' }) : null,
    });
  }

  watchStats(intervalSeconds: number, listener: (stats: CallStats) => void): () => void {
    this.statsWatchers.set(listener, intervalSeconds);
    return () => this.statsWatchers.delete(listener);
  }

  /** The SDK's media statistics come in. */
  reportStats(stats: CallStats): void {
    [...this.statsWatchers.keys()].forEach((listener) => listener(stats));
  }

  get live(): boolean {
    return !this.over;
  }

  emit(update: CallUpdate): void {
    [...this.listeners].forEach((listener) => listener(update));
  }
}

export class FakeAgent implements CallingAgent {
  readonly calls: FakeCall[] = [];
  disposed = false;
  /** Set once its disposal has finished; the real SDK refuses a new agent on the client before (400/40008). */
  disposalDone = false;
  readonly callWatchers = new Set<(call: CallingCall) => void>();
  readonly disconnectWatchers = new Set<() => void>();

  constructor(
    private readonly sdk: FakeSdk,
    readonly options: AgentOptions,
  ) {}

  startCall(target: CallTarget, options: StartOptions): CallingCall {
    if (this.disposed) throw Object.assign(new Error('The call agent is disposed.'), { code: 409, subCode: 40203 });
    if (this.sdk.startCallError) throw this.sdk.startCallError;
    const call = this.newCall(target, options);
    this.sdk.script.beforeStart?.(call);
    this.sdk.callStarted(call);
    return call;
  }

  /**
   * The Teams side transfers `call`: the SDK makes a new call, reports it (unless `silently`, when only the agent's
   * call list shows it) and ends the old one with 0/7015. Returns the new call, still connecting.
   */
  transfer(call: FakeCall, to: TransferTarget = 'teams-user', { silently = false } = {}): FakeCall {
    const next = this.newCall(call.target, call.options);
    if (silently) this.callWatchers.forEach((listener) => listener(next));
    else call.emit({ type: 'transferred', call: next, to });
    call.end(0, 7015);
    return next;
  }

  /** The agent's connection to the service drops (network lost, token refused). */
  disconnect(): void {
    [...this.disconnectWatchers].forEach((listener) => listener());
  }

  watchCalls(listener: (call: CallingCall) => void): () => void {
    this.callWatchers.add(listener);
    return () => this.callWatchers.delete(listener);
  }

  watchDisconnect(listener: () => void): () => void {
    this.disconnectWatchers.add(listener);
    return () => this.disconnectWatchers.delete(listener);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    // The real agent hangs up every live call when disposed.
    this.calls.filter((call) => call.live).forEach((call) => call.end(0, 0));
    await this.sdk.disposalDelay;
    this.disposalDone = true;
  }

  private newCall(target: CallTarget, options: StartOptions): FakeCall {
    const call = new FakeCall(target, options);
    call.onCameraAsked = () => (this.sdk.cameraAsked = true);
    this.calls.push(call);
    return call;
  }
}

export interface FakeScript {
  /** Runs on each new call before the element sees it (e.g. recording already on). */
  beforeStart?: (call: FakeCall) => void;
}

export class FakeSdk implements CallingSdk {
  readonly agents: FakeAgent[] = [];
  microphone: MicrophoneAccess = 'granted';
  microphoneRequests = 0;
  cameraAsked = false;
  devices: AudioDevices = {
    microphones: [
      { id: 'mic-1', name: 'Built-in microphone' },
      { id: 'mic-2', name: 'Headset microphone' },
    ],
    speakers: [
      { id: 'spk-1', name: 'Built-in speakers' },
      { id: 'spk-2', name: 'Headset' },
    ],
    microphone: 'mic-1',
    speaker: 'spk-1',
  };
  readonly deviceWatchers = new Set<() => void>();
  agentError?: unknown;
  startCallError?: unknown;
  warning?: string;
  disposed = false;
  script: FakeScript = {};
  private waiters: ((call: FakeCall) => void)[] = [];

  /** Scripts a slow agent disposal. */
  disposalDelay?: Promise<void>;

  async createAgent(options: AgentOptions): Promise<CallingAgent> {
    if (this.agentError) throw this.agentError;
    // One agent per client: a new one while the last is still being disposed fails, as in the SDK.
    if (this.agents.some((agent) => agent.disposed && !agent.disposalDone)) {
      throw Object.assign(new Error('CallAgent already exists on this CallClient.'), { code: 400, subCode: 40008 });
    }
    const agent = new FakeAgent(this, options);
    this.agents.push(agent);
    return agent;
  }

  async requestMicrophone(): Promise<MicrophoneAccess> {
    this.microphoneRequests++;
    return this.microphone;
  }

  async audioDevices(): Promise<AudioDevices> {
    return structuredClone(this.devices);
  }

  async selectAudioDevice(kind: AudioDeviceKind, id: string): Promise<void> {
    this.devices[kind] = id;
  }

  watchAudioDevices(listener: () => void): () => void {
    this.deviceWatchers.add(listener);
    return () => this.deviceWatchers.delete(listener);
  }

  /** Who listens to the microphone's level now (the device check); `microphoneLevelError` makes the next fail. */
  readonly levelListeners = new Set<(level: number) => void>();
  microphoneLevelError?: Error;
  async watchMicrophoneLevel(listener: (level: number) => void): Promise<() => void> {
    if (this.microphoneLevelError) throw this.microphoneLevelError;
    this.levelListeners.add(listener);
    return () => this.levelListeners.delete(listener);
  }

  /** The visitor speaks (or not) into the microphone. */
  reportMicrophoneLevel(level: number): void {
    [...this.levelListeners].forEach((listener) => listener(level));
  }

  /** Camera previews running now; `cameraPreviewError` makes the next fail. */
  cameraPreviews = 0;
  cameraPreviewError?: Error;
  async previewCamera(): Promise<{ view: HTMLElement; stop: () => void }> {
    if (this.cameraPreviewError) throw this.cameraPreviewError;
    this.cameraPreviews++;
    const view = Object.assign(document.createElement('div'), { id: 'camera-preview' });
    return { view, stop: () => this.cameraPreviews-- };
  }

  /** A headset is plugged in or out. */
  changeDevices(devices: Partial<AudioDevices>): void {
    this.devices = { ...this.devices, ...devices };
    [...this.deviceWatchers].forEach((listener) => listener());
  }

  async environmentWarning(): Promise<string | undefined> {
    return this.warning;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  get liveAgents(): FakeAgent[] {
    return this.agents.filter((agent) => !agent.disposed);
  }

  get calls(): FakeCall[] {
    return this.agents.flatMap((agent) => agent.calls);
  }

  /** Resolves with the next call the element starts. */
  nextCall(): Promise<FakeCall> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  callStarted(call: FakeCall): void {
    this.waiters.splice(0).forEach((resolve) => resolve(call));
  }
}

/**
 * A fresh fake SDK and the loader that hands it out; `loads` counts how often the element evaluated it (called the
 * loader), `preloads` how often it only asked for it to be fetched.
 */
export function fakeCalling(): {
  sdk: FakeSdk;
  loader: CallingSdkLoader & { loads: number; preloads: number; failNext?: unknown; stallNext?: boolean };
} {
  const sdk = new FakeSdk();
  const loader = Object.assign(
    async () => {
      loader.loads++;
      if (loader.stallNext) {
        loader.stallNext = false;
        return new Promise<never>(() => undefined); // a download that never finishes nor fails
      }
      if (loader.failNext) {
        const error = loader.failNext;
        loader.failNext = undefined;
        throw error;
      }
      sdk.disposed = false;
      return sdk;
    },
    {
      loads: 0,
      preloads: 0,
      preload: () => void loader.preloads++,
      failNext: undefined as unknown,
      stallNext: false,
    },
  );
  return { sdk, loader };
}

/** A well-formed JWT (unsigned) that expires in `lifetimeSeconds`. */
export function makeJwt(lifetimeSeconds = 3600): string {
  const encode = (value: object) =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const exp = Math.floor(Date.now() / 1000) + lifetimeSeconds;
  return `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ skypeid: 'acs:test_visitor', exp })}.c2lnbmF0dXJl`;
}

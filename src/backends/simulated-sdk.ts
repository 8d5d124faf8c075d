/**
 * A scripted Teams callee behind the same calling interface as the real SDK, for `<teams-call-button simulate>`:
 * page builders previewing a page, CMS editors, demos and screenshots. It needs no token, asks for no microphone
 * and sends nothing anywhere. Loaded with `import()` only when the `simulate` attribute is present.
 */
import type {
  AgentOptions,
  AudioDeviceKind,
  AudioDevices,
  CallEndCode,
  CallingAgent,
  CallingCall,
  CallingSdk,
  CallStats,
  CallTarget,
  CallUpdate,
  MicrophoneAccess,
  SdkCallState,
} from './calling.js';
import { CallError } from '../call/errors.js';

/** What the simulated Teams callee does; `answer` when the `simulate` attribute has no value. */
export const SIMULATION_SCENARIOS = [
  'answer',
  'declined',
  'no-answer',
  'unavailable',
  'not-allowed',
  'network-drop',
  'recording-at-connect',
  'transfer',
] as const;

export type SimulationScenario = (typeof SIMULATION_SCENARIOS)[number];

/** When each step happens, in milliseconds after the previous one: quick enough for a demo, slow enough to read. */
export const SIMULATION_TIMING = {
  connecting: 50,
  ringing: 900,
  answer: 3000,
  /** The Teams side turns recording on this long after answering, then transcription. */
  recording: 4000,
  transcription: 3000,
  /** `no-answer` stands for Teams' two minutes of ringing. */
  noAnswer: 8000,
  /** `network-drop`: how long the call lasts before the network fails, after trying to reconnect for `reconnecting`. */
  networkDrop: 6000,
  reconnecting: 3000,
  /** The expert turns their camera on this long after the visitor does. */
  remoteVideo: 1000,
  hangUp: 300,
  /** `transfer`: how long the first person talks before handing the call to a colleague. */
  transfer: 4000,
  /** Live captions start this long after the visitor asks; the expert then says a sentence this often. */
  captionsStart: 500,
  captionLine: 2400,
};

/** Microsoft's end codes for each way a scenario ends. */
const END: Record<string, CallEndCode> = {
  declined: { code: 603, subCode: 0 },
  'no-answer': { code: 487, subCode: 10004 },
  unavailable: { code: 480, subCode: 10037 },
  'not-allowed': { code: 403, subCode: 10124 },
  'network-drop': { code: 410, subCode: 3112 },
  transferred: { code: 0, subCode: 7015 },
};

let simulatedCalls = 0;

/** The simulated SDK for a `simulate` value, or `invalid-config` for an unknown scenario. */
export function createSimulatedSdk(value: string): CallingSdk {
  const scenario = (value.trim() || 'answer') as SimulationScenario;
  if (!SIMULATION_SCENARIOS.includes(scenario)) {
    throw new CallError('invalid-config', 'badScenario', { value, scenarios: SIMULATION_SCENARIOS.join(', ') });
  }
  return new SimulatedSdk(scenario);
}

class SimulatedSdk implements CallingSdk {
  private readonly devices: AudioDevices = {
    microphones: [{ id: 'simulated-microphone', name: 'Simulated microphone' }],
    speakers: [{ id: 'simulated-speaker', name: 'Simulated speaker' }],
    microphone: 'simulated-microphone',
    speaker: 'simulated-speaker',
  };

  constructor(private readonly scenario: SimulationScenario) {}

  async audioDevices(): Promise<AudioDevices> {
    return { ...this.devices };
  }

  async selectAudioDevice(kind: AudioDeviceKind, id: string): Promise<void> {
    this.devices[kind] = id;
  }

  watchAudioDevices(): () => void {
    return () => undefined; // simulated devices never change
  }

  /** A level that rises and falls like speech, as the simulation opens no device. */
  async watchMicrophoneLevel(listener: (level: number) => void): Promise<() => void> {
    let step = 0;
    const timer = setInterval(() => listener(Math.round(30 + 25 * Math.sin(step++ / 2))), 100);
    return () => clearInterval(timer);
  }

  async previewCamera(): Promise<{ view: HTMLElement; stop: () => void }> {
    return { view: simulatedVideo('You'), stop: () => undefined };
  }

  async createAgent(_options: AgentOptions): Promise<CallingAgent> {
    return new SimulatedAgent(this.scenario);
  }

  async requestMicrophone(): Promise<MicrophoneAccess> {
    return 'granted';
  }

  async environmentWarning(): Promise<string | undefined> {
    return undefined;
  }

  async dispose(): Promise<void> {}
}

class SimulatedAgent implements CallingAgent {
  private readonly calls = new Set<SimulatedCall>();

  constructor(private readonly scenario: SimulationScenario) {}

  startCall(_target: CallTarget): CallingCall {
    return this.track(new SimulatedCall(this.scenario, (call) => this.calls.delete(call), this.track));
  }

  watchCalls(): () => void {
    return () => undefined; // every simulated call is handed over by startCall or a transfer
  }

  watchDisconnect(): () => void {
    return () => undefined; // the simulation never loses its connection
  }

  private readonly track = (call: SimulatedCall): SimulatedCall => {
    this.calls.add(call);
    return call;
  };

  async dispose(): Promise<void> {
    this.calls.forEach((call) => call.end({ code: 0, subCode: 0 }));
  }
}

const SIMULATED_SPEECH = [
  'Hello, thanks for calling. How can I help you today?',
  'Let me look at your account while we talk.',
  'I can see the invoice from last month here.',
  'Is there anything else I can do for you?',
];

function simulatedVideo(label: string): HTMLElement {
  const view = document.createElement('div');
  view.textContent = label;
  view.style.cssText =
    'display:grid;place-items:center;width:100%;height:100%;color:#fff;font-weight:600;' +
    'background:linear-gradient(135deg,#464775,#6264a7)';
  return view;
}

class SimulatedCall implements CallingCall {
  readonly id = `simulated-call-${++simulatedCalls}`;
  state: SdkCallState = 'None';
  isMuted = false;
  recordingActive = false;
  transcriptionActive = false;
  endReason?: CallEndCode;
  private readonly listeners = new Set<(update: CallUpdate) => void>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    scenario: SimulationScenario,
    private readonly onEnd: (call: SimulatedCall) => void,
    private readonly track: (call: SimulatedCall) => SimulatedCall,
  ) {
    const t = SIMULATION_TIMING;
    this.after(t.connecting, () => {
      this.setState('Connecting');
      if (scenario === 'unavailable' || scenario === 'not-allowed')
        return this.after(t.ringing, () => this.end(END[scenario]));
      this.after(t.ringing, () => {
        this.setState('Ringing');
        if (scenario === 'declined') return this.after(t.answer, () => this.end(END.declined));
        if (scenario === 'no-answer') return this.after(t.noAnswer, () => this.end(END['no-answer']));
        this.after(t.answer, () => this.answer(scenario));
      });
    });
  }

  subscribe(listener: (update: CallUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async hangUp(): Promise<void> {
    if (this.state === 'Disconnected') return;
    const answered = this.state === 'Connected';
    this.clearTimers();
    this.setState('Disconnecting');
    this.after(SIMULATION_TIMING.hangUp, () => this.end({ code: answered ? 0 : 487, subCode: 0 }));
  }

  async mute(): Promise<void> {
    this.setMuted(true);
  }

  async unmute(): Promise<void> {
    this.setMuted(false);
  }

  async sendDtmf(): Promise<void> {}

  /** The simulation sends nothing anywhere: a rating is reported as not sent. */
  async submitSurvey(): Promise<void> {
    throw new Error('a simulated call sends nothing anywhere');
  }

  readonly captionsSupported = true;
  private captionsOn = false;

  /** The simulated expert's words, as Teams captions them: half a sentence while heard, then the whole. */
  async startCaptions(): Promise<void> {
    if (this.state !== 'Connected' || this.captionsOn) return;
    this.captionsOn = true;
    this.after(SIMULATION_TIMING.captionsStart, () => {
      this.emit({ type: 'captions', active: true });
      this.speak(0);
    });
  }

  async stopCaptions(): Promise<void> {
    if (!this.captionsOn) return;
    this.captionsOn = false;
    this.emit({ type: 'captions', active: false });
  }

  /** The simulated expert speaks English only: like a tenant without Teams Premium, it translates nothing. */
  async setCaptionLanguage(): Promise<void> {
    throw new Error('a simulated call has no translated captions');
  }

  private speak(line: number): void {
    if (!this.captionsOn) return;
    const words = SIMULATED_SPEECH[line % SIMULATED_SPEECH.length].split(' ');
    const heard = (count: number) =>
      this.emit({
        type: 'caption',
        caption: {
          speaker: 'Simulated expert',
          text: words.slice(0, count).join(' '),
          final: count === words.length,
          language: 'en-us',
        },
      });
    const half = SIMULATION_TIMING.captionLine / 2;
    heard(Math.ceil(words.length / 2));
    this.after(half, () => {
      if (!this.captionsOn) return;
      heard(words.length);
      this.after(half, () => this.speak(line + 1));
    });
  }

  readonly screenSharingSupported = true;
  private sharing = false;

  /** Nothing is captured: the simulation shows the controls a share has, and the expert "sees" nothing. */
  async startScreenSharing(): Promise<void> {
    if (this.state !== 'Connected' || this.sharing) return;
    this.sharing = true;
    this.emit({ type: 'sharing', active: true });
  }

  async stopScreenSharing(): Promise<void> {
    if (!this.sharing) return;
    this.sharing = false;
    this.emit({ type: 'sharing', active: false });
  }

  /** A preview of the control: a simulated call sends no sound, so there is nothing to clean. */
  async noiseSuppressionSupported(): Promise<boolean> {
    return true;
  }

  async setNoiseSuppression(): Promise<void> {}

  /** A drawn stand-in for each camera: the simulation opens no device. */
  async setCamera(on: boolean): Promise<void> {
    this.emit({ type: 'video', side: 'local', view: on ? simulatedVideo('You') : null });
    if (on)
      this.after(SIMULATION_TIMING.remoteVideo, () =>
        this.emit({ type: 'video', side: 'remote', view: simulatedVideo('Expert') }),
      );
  }

  /** Steady, healthy figures, so that a host can wire its analytics before going live. */
  watchStats(intervalSeconds: number, listener: (stats: CallStats) => void): () => void {
    const timer = setInterval(() => {
      listener({
        roundTripTimeMs: 48,
        jitterMs: 4,
        packetsLostPerSecond: 0,
        sendBitrateKbps: 36,
        receiveBitrateKbps: 38,
      });
    }, intervalSeconds * 1000);
    return () => clearInterval(timer);
  }

  end(reason: CallEndCode): void {
    if (this.state === 'Disconnected') return;
    this.clearTimers();
    this.endReason = reason;
    this.setState('Disconnected');
    this.listeners.clear();
    this.onEnd(this);
  }

  private answer(scenario: SimulationScenario): void {
    const t = SIMULATION_TIMING;
    if (scenario === 'recording-at-connect') this.recordingActive = true;
    this.setState('Connected');
    if (this.recordingActive) this.emit({ type: 'recording', active: true });
    if (scenario === 'network-drop') {
      return this.after(t.networkDrop - t.reconnecting, () => {
        this.emit({ type: 'diagnostic', name: 'networkReconnect', value: 2 });
        this.after(t.reconnecting, () => this.end(END['network-drop']));
      });
    }
    if (scenario === 'transfer') {
      // The first person hands the call to a colleague, who answers as a new call: `answer`, recording and all.
      return this.after(t.transfer, () => {
        const colleague = this.track(new SimulatedCall('answer', this.onEnd, this.track));
        this.emit({ type: 'transferred', call: colleague, to: 'teams-user' });
        this.end(END.transferred);
      });
    }
    if (!this.recordingActive) this.after(t.recording, () => this.setRecording(true));
    this.after(t.recording + t.transcription, () => {
      this.transcriptionActive = true;
      this.emit({ type: 'transcription', active: true });
    });
  }

  private setRecording(active: boolean): void {
    this.recordingActive = active;
    this.emit({ type: 'recording', active });
  }

  private setMuted(muted: boolean): void {
    if (this.state === 'Disconnected' || muted === this.isMuted) return;
    this.isMuted = muted;
    this.emit({ type: 'muted', muted });
  }

  private setState(state: SdkCallState): void {
    this.state = state;
    this.emit({ type: 'state', state });
  }

  private emit(update: CallUpdate): void {
    [...this.listeners].forEach((listener) => listener(update));
  }

  private after(ms: number, step: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      step();
    }, ms);
    this.timers.add(timer);
  }

  private clearTimers(): void {
    this.timers.forEach(clearTimeout);
    this.timers.clear();
  }
}

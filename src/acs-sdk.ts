/**
 * The real calling backend: `@azure/communication-calling` behind our narrow interface.
 *
 * The only module that imports the SDK's code. It is itself loaded with `import()` on intent or click,
 * so a page pays nothing for the SDK (1.8 MB gzip) until then.
 */
import {
  CallClient,
  Features,
  type Call,
  type CallAgent,
  type DeviceManager,
} from '@azure/communication-calling';
import type { AbortSignalLike } from '@azure/abort-controller';
import {
  AzureCommunicationTokenCredential,
  type MicrosoftTeamsAppIdentifier,
  type MicrosoftTeamsUserIdentifier,
} from '@azure/communication-common';
import type {
  AgentOptions,
  CallingAgent,
  CallingCall,
  CallingSdk,
  CallTarget,
  CallUpdate,
  MicrophoneAccess,
  SdkCallState,
  SdkError,
} from './calling.js';

/** The SDK's error for a microphone permission the browser refused. */
const PERMISSION_DENIED = { code: 400, subCode: 40613 };

export function createAcsSdk(): CallingSdk {
  return new AcsSdk();
}

class AcsSdk implements CallingSdk {
  private readonly client = new CallClient({ diagnostics: { appName: 'teams-call-button' } });
  private deviceManager?: Promise<DeviceManager>;

  async createAgent({ credential: access, displayName }: AgentOptions): Promise<CallingAgent> {
    if (!access) throw new Error('The calling service needs an access token.');
    const credential = new AzureCommunicationTokenCredential({
      token: access.token,
      tokenRefresher: (signal) => access.refresh(signal && toAbortSignal(signal)),
      refreshProactively: true,
    });
    try {
      return new AcsAgent(await this.client.createCallAgent(credential, { displayName }), credential);
    } catch (error) {
      credential.dispose();
      throw error;
    }
  }

  async requestMicrophone(): Promise<MicrophoneAccess> {
    // Browsers list devices (without names) before any permission, so a missing microphone is told apart from a denial.
    const devices = await navigator.mediaDevices.enumerateDevices();
    if (!devices.some((device) => device.kind === 'audioinput')) return 'missing';
    this.deviceManager ??= this.client.getDeviceManager();
    try {
      const access = await (await this.deviceManager).askDevicePermission({ audio: true, video: false });
      return access.audio ? 'granted' : 'denied';
    } catch (error) {
      const { code, subCode } = error as SdkError;
      if (code === PERMISSION_DENIED.code && subCode === PERMISSION_DENIED.subCode) return 'denied';
      throw error;
    }
  }

  async environmentWarning(): Promise<string | undefined> {
    const info = await this.client.feature(Features.DebugInfo).getEnvironmentInfo();
    if (info.isSupportedEnvironment) return undefined;
    const { browser, browserVersion, platform } = info.environment;
    return `${browser} ${browserVersion} on ${platform} is not on the calling service's list of supported browsers.`;
  }

  dispose(): Promise<void> {
    return this.client.dispose();
  }
}

/** The SDK hands the refresher an `AbortSignalLike`, which need not be a DOM `AbortSignal`. */
function toAbortSignal(like: AbortSignalLike): AbortSignal {
  if (like instanceof AbortSignal) return like;
  const controller = new AbortController();
  if (like.aborted) controller.abort();
  else like.addEventListener('abort', () => controller.abort(), { once: true });
  return controller.signal;
}

class AcsAgent implements CallingAgent {
  constructor(
    private readonly agent: CallAgent,
    private readonly credential: AzureCommunicationTokenCredential,
  ) {}

  startCall({ kind, id, cloud }: CallTarget): CallingCall {
    const callee: MicrosoftTeamsUserIdentifier | MicrosoftTeamsAppIdentifier =
      kind === 'teams-user' ? { microsoftTeamsUserId: id, cloud } : { teamsAppId: id, cloud };
    return new AcsCall(this.agent.startCall([callee], { audioOptions: { muted: false } }));
  }

  async dispose(): Promise<void> {
    try {
      await this.agent.dispose();
    } finally {
      this.credential.dispose();
    }
  }
}

class AcsCall implements CallingCall {
  private readonly recording;
  private readonly transcription;

  constructor(private readonly call: Call) {
    this.recording = call.feature(Features.Recording);
    this.transcription = call.feature(Features.Transcription);
  }

  get state(): SdkCallState {
    return this.call.state;
  }
  get isMuted(): boolean {
    return this.call.isMuted;
  }
  get recordingActive(): boolean {
    return this.recording.isRecordingActive;
  }
  get transcriptionActive(): boolean {
    return this.transcription.isTranscriptionActive;
  }
  get endReason() {
    return this.call.callEndReason;
  }

  subscribe(listener: (update: CallUpdate) => void): () => void {
    const onState = () => listener({ type: 'state', state: this.call.state });
    const onMuted = () => listener({ type: 'muted', muted: this.call.isMuted });
    const onRecording = () => listener({ type: 'recording', active: this.recording.isRecordingActive });
    const onTranscription = () => listener({ type: 'transcription', active: this.transcription.isTranscriptionActive });
    this.call.on('stateChanged', onState);
    this.call.on('isMutedChanged', onMuted);
    this.recording.on('isRecordingActiveChanged', onRecording);
    this.transcription.on('isTranscriptionActiveChanged', onTranscription);
    return () => {
      this.call.off('stateChanged', onState);
      this.call.off('isMutedChanged', onMuted);
      this.recording.off('isRecordingActiveChanged', onRecording);
      this.transcription.off('isTranscriptionActiveChanged', onTranscription);
    };
  }

  hangUp(): Promise<void> {
    return this.call.hangUp();
  }
  mute(): Promise<void> {
    return this.call.mute();
  }
  unmute(): Promise<void> {
    return this.call.unmute();
  }
}

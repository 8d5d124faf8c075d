/**
 * The real calling backend: `@azure/communication-calling` behind our narrow interface.
 *
 * The only module that imports the SDK's code. It is itself loaded with `import()` on intent or click,
 * so a page pays nothing for the SDK (1.8 MB gzip) until then.
 */
import {
  CallClient,
  Features,
  LocalVideoStream,
  VideoStreamRenderer,
  type Call,
  type CallAgent,
  type DeviceManager,
  type DtmfTone as SdkDtmfTone,
  type MediaStatsReportSample,
  type RemoteParticipant,
  type RemoteVideoStream,
} from '@azure/communication-calling';
import type { AbortSignalLike } from '@azure/abort-controller';
import {
  AzureCommunicationTokenCredential,
  type MicrosoftTeamsAppIdentifier,
  type MicrosoftTeamsUserIdentifier,
} from '@azure/communication-common';
import type {
  AgentOptions,
  AudioDeviceKind,
  AudioDevices,
  CallingAgent,
  CallingCall,
  CallingSdk,
  CallStats,
  CallTarget,
  CallUpdate,
  DtmfTone,
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
      return new AcsAgent(await this.client.createCallAgent(credential, { displayName }), credential, () => this.devices());
    } catch (error) {
      credential.dispose();
      throw error;
    }
  }

  async requestMicrophone(withCamera: boolean): Promise<MicrophoneAccess> {
    // Browsers list devices (without names) before any permission, so a missing microphone is told apart from a denial.
    const devices = await navigator.mediaDevices.enumerateDevices();
    if (!devices.some((device) => device.kind === 'audioinput')) return 'missing';
    try {
      const access = await (await this.devices()).askDevicePermission({ audio: true, video: withCamera });
      return access.audio ? 'granted' : 'denied';
    } catch (error) {
      const { code, subCode } = error as SdkError;
      if (code === PERMISSION_DENIED.code && subCode === PERMISSION_DENIED.subCode) return 'denied';
      throw error;
    }
  }

  async audioDevices(): Promise<AudioDevices> {
    const manager = await this.devices();
    const [microphones, speakers] = await Promise.all([
      manager.getMicrophones(),
      manager.isSpeakerSelectionAvailable ? manager.getSpeakers() : [],
    ]);
    const named = ({ id, name }: { id: string; name: string }) => ({ id, name });
    return {
      microphones: microphones.map(named),
      speakers: speakers.map(named),
      microphone: manager.selectedMicrophone?.id,
      speaker: manager.selectedSpeaker?.id,
    };
  }

  async selectAudioDevice(kind: AudioDeviceKind, id: string): Promise<void> {
    const manager = await this.devices();
    if (kind === 'microphone') {
      const device = (await manager.getMicrophones()).find((microphone) => microphone.id === id);
      if (device) await manager.selectMicrophone(device);
    } else {
      const device = (await manager.getSpeakers()).find((speaker) => speaker.id === id);
      if (device) await manager.selectSpeaker(device);
    }
  }

  watchAudioDevices(listener: () => void): () => void {
    let manager: DeviceManager | undefined;
    let stopped = false;
    void this.devices().then((loaded) => {
      if (stopped) return;
      manager = loaded;
      manager.on('audioDevicesUpdated', listener);
    });
    return () => {
      stopped = true;
      manager?.off('audioDevicesUpdated', listener);
    };
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

  private devices(): Promise<DeviceManager> {
    this.deviceManager ??= this.client.getDeviceManager();
    return this.deviceManager;
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
    private readonly devices: () => Promise<DeviceManager>,
  ) {}

  startCall({ kind, id, cloud }: CallTarget): CallingCall {
    const callee: MicrosoftTeamsUserIdentifier | MicrosoftTeamsAppIdentifier =
      kind === 'teams-user' ? { microsoftTeamsUserId: id, cloud } : { teamsAppId: id, cloud };
    return new AcsCall(this.agent.startCall([callee], { audioOptions: { muted: false } }), this.devices);
  }

  async dispose(): Promise<void> {
    try {
      await this.agent.dispose();
    } finally {
      this.credential.dispose();
    }
  }
}

/** A rendered video and how to take it down. */
interface RenderedVideo {
  renderer: VideoStreamRenderer;
  view: HTMLElement;
}

class AcsCall implements CallingCall {
  private readonly recording;
  private readonly transcription;
  private readonly diagnostics;
  private camera?: { stream: LocalVideoStream; video: RenderedVideo };
  private listener?: (update: CallUpdate) => void;

  constructor(
    private readonly call: Call,
    private readonly devices: () => Promise<DeviceManager>,
  ) {
    this.recording = call.feature(Features.Recording);
    this.transcription = call.feature(Features.Transcription);
    this.diagnostics = call.feature(Features.UserFacingDiagnostics);
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
    this.listener = listener;
    const onState = () => listener({ type: 'state', state: this.call.state });
    const onMuted = () => listener({ type: 'muted', muted: this.call.isMuted });
    const onRecording = () => listener({ type: 'recording', active: this.recording.isRecordingActive });
    const onTranscription = () => listener({ type: 'transcription', active: this.transcription.isTranscriptionActive });
    const onDiagnostic = ({ diagnostic, value }: { diagnostic: string; value: number | boolean }) =>
      listener({ type: 'diagnostic', name: diagnostic, value });
    this.call.on('stateChanged', onState);
    this.call.on('isMutedChanged', onMuted);
    this.recording.on('isRecordingActiveChanged', onRecording);
    this.transcription.on('isTranscriptionActiveChanged', onTranscription);
    this.diagnostics.network.on('diagnosticChanged', onDiagnostic);
    this.diagnostics.media.on('diagnosticChanged', onDiagnostic);
    const stopRemoteVideo = this.watchRemoteVideo((view) => listener({ type: 'video', side: 'remote', view }));
    return () => {
      this.call.off('stateChanged', onState);
      this.call.off('isMutedChanged', onMuted);
      this.recording.off('isRecordingActiveChanged', onRecording);
      this.transcription.off('isTranscriptionActiveChanged', onTranscription);
      this.diagnostics.network.off('diagnosticChanged', onDiagnostic);
      this.diagnostics.media.off('diagnosticChanged', onDiagnostic);
      stopRemoteVideo();
      this.camera?.video.renderer.dispose();
      this.camera = undefined;
      this.listener = undefined;
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
  sendDtmf(tone: DtmfTone): Promise<void> {
    return this.call.sendDtmf(tone as SdkDtmfTone);
  }

  async setCamera(on: boolean): Promise<void> {
    if (!on) {
      const camera = this.camera;
      if (!camera) return;
      this.camera = undefined;
      camera.video.renderer.dispose();
      this.listener?.({ type: 'video', side: 'local', view: null });
      await this.call.stopVideo(camera.stream);
      return;
    }
    if (this.camera) return;
    const [device] = await (await this.devices()).getCameras();
    if (!device) throw new Error('No camera was found.');
    const stream = new LocalVideoStream(device);
    await this.call.startVideo(stream);
    this.camera = { stream, video: await render(stream, { isMirrored: true, scalingMode: 'Crop' }) };
    this.listener?.({ type: 'video', side: 'local', view: this.camera.video.view });
  }

  watchStats(intervalSeconds: number, listener: (stats: CallStats) => void): () => void {
    const collector = this.call
      .feature(Features.MediaStats)
      .createCollector({ aggregationInterval: intervalSeconds, dataPointsPerAggregation: 1 });
    collector.on('sampleReported', (sample) => listener(statsOf(sample)));
    return () => collector.dispose();
  }

  /** Renders the Teams user's video while it is available; returns a function that stops and disposes all of it. */
  private watchRemoteVideo(show: (view: HTMLElement | null) => void): () => void {
    const rendered = new Map<RemoteVideoStream, RenderedVideo>();
    const cleanups: (() => void)[] = [];
    const watchStream = (stream: RemoteVideoStream) => {
      if (stream.mediaStreamType !== 'Video') return;
      const onAvailable = async () => {
        if (stream.isAvailable && !rendered.has(stream)) {
          const video = await render(stream, { scalingMode: 'Fit' });
          rendered.set(stream, video);
          show(video.view);
        } else if (!stream.isAvailable && rendered.has(stream)) {
          rendered.get(stream)!.renderer.dispose();
          rendered.delete(stream);
          show(null);
        }
      };
      stream.on('isAvailableChanged', onAvailable);
      cleanups.push(() => stream.off('isAvailableChanged', onAvailable));
      void onAvailable();
    };
    const watchParticipant = (participant: RemoteParticipant) => {
      participant.videoStreams.forEach(watchStream);
      const onStreams = ({ added }: { added: RemoteVideoStream[] }) => added.forEach(watchStream);
      participant.on('videoStreamsUpdated', onStreams);
      cleanups.push(() => participant.off('videoStreamsUpdated', onStreams));
    };
    this.call.remoteParticipants.forEach(watchParticipant);
    const onParticipants = ({ added }: { added: RemoteParticipant[] }) => added.forEach(watchParticipant);
    this.call.on('remoteParticipantsUpdated', onParticipants);
    return () => {
      this.call.off('remoteParticipantsUpdated', onParticipants);
      cleanups.forEach((cleanup) => cleanup());
      rendered.forEach(({ renderer }) => renderer.dispose());
    };
  }
}

async function render(
  stream: LocalVideoStream | RemoteVideoStream,
  options: { isMirrored?: boolean; scalingMode: 'Crop' | 'Fit' },
): Promise<RenderedVideo> {
  const renderer = new VideoStreamRenderer(stream);
  const { target } = await renderer.createView(options);
  return { renderer, view: target };
}

function statsOf({ audio }: MediaStatsReportSample): CallStats {
  const send = audio.send[0];
  const receive = audio.receive[0];
  const kbps = (bitsPerSecond?: number) => (bitsPerSecond === undefined ? undefined : Math.round(bitsPerSecond / 1000));
  return {
    roundTripTimeMs: send?.rttInMs,
    jitterMs: receive?.jitterInMs,
    packetsLostPerSecond: receive?.packetsLostPerSecond,
    sendBitrateKbps: kbps(send?.bitrate),
    receiveBitrateKbps: kbps(receive?.bitrate),
  };
}

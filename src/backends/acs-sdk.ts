/**
 * The real calling backend: `@azure/communication-calling` behind our narrow interface.
 *
 * The only module that imports the SDK's code. It is itself loaded with `import()` on intent or click,
 * so a page pays nothing for the SDK (1.8 MB gzip) until then.
 */
import {
  CallClient,
  Features,
  LocalAudioStream,
  LocalVideoStream,
  VideoStreamRenderer,
  type Call,
  type CallAgent,
  type CallCommon,
  type CaptionsCommon,
  type CaptionsInfo,
  type TeamsCaptions,
  type TeamsCaptionsInfo,
  type DeviceManager,
  type AudioIssue,
  type DtmfTone as SdkDtmfTone,
  type OverallIssue,
  type MediaStatsReportSample,
  type RemoteParticipant,
  type RemoteVideoStream,
} from '@azure/communication-calling';
import type { AbortSignalLike } from '@azure/abort-controller';
import {
  AzureCommunicationTokenCredential,
  isMicrosoftTeamsAppIdentifier,
  isMicrosoftTeamsUserIdentifier,
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
  StartOptions,
  SurveyAnswer,
  TransferTarget,
  VideoSide,
} from './calling.js';

/** The SDK's error for a microphone permission the browser refused. */
// The SDK's modules run before this one: the mark tells a page's (and the bench's) timeline when it was evaluated.
performance.mark('teams-call-button:sdk-evaluated');

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
      const agent = await this.client.createCallAgent(credential, { displayName });
      // A token the service cannot use for calls has been seen to resolve with nothing rather than reject.
      if (!agent)
        throw Object.assign(new Error('The calling service returned no call agent.'), { code: 401, subCode: 44113 });
      return new AcsAgent(agent, credential, () => this.devices());
    } catch (error) {
      credential.dispose();
      throw error;
    }
  }

  async requestMicrophone(): Promise<MicrophoneAccess> {
    // Browsers list devices (without names) before any permission, so a missing microphone is told apart from a
    // denial; an empty list (some in-app browsers list nothing before permission) says nothing either way.
    const devices = await navigator.mediaDevices.enumerateDevices();
    if (devices.length > 0 && !devices.some((device) => device.kind === 'audioinput')) return 'missing';
    try {
      const access = await (await this.devices()).askDevicePermission({ audio: true, video: false });
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

  async watchMicrophoneLevel(listener: (level: number) => void): Promise<() => void> {
    const manager = await this.devices();
    const microphone = manager.selectedMicrophone ?? (await manager.getMicrophones())[0];
    if (!microphone) throw new Error('No microphone was found.');
    const stream = new LocalAudioStream(microphone);
    try {
      const volume = await stream.getVolume();
      const onLevel = () => listener(volume.level);
      volume.on('levelChanged', onLevel);
      return () => {
        volume.off('levelChanged', onLevel);
        stream.dispose();
      };
    } catch (error) {
      stream.dispose();
      throw error;
    }
  }

  async previewCamera(): Promise<{ view: HTMLElement; stop: () => void }> {
    const manager = await this.devices();
    const access = await manager.askDevicePermission({ audio: false, video: true });
    if (!access.video) throw new Error('The camera is not allowed for this site.');
    const [camera] = await manager.getCameras();
    if (!camera) throw new Error('No camera was found.');
    const { view, renderer } = await render(new LocalVideoStream(camera), { isMirrored: true, scalingMode: 'Crop' });
    return { view, stop: () => renderer.dispose() };
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
  /** Every SDK call handed to the element so far, with its wrapper: one wrapper per call, whichever way it came. */
  private readonly wrapped = new WeakMap<CallCommon, AcsCall>();

  constructor(
    private readonly agent: CallAgent,
    private readonly credential: AzureCommunicationTokenCredential,
    private readonly devices: () => Promise<DeviceManager>,
  ) {}

  startCall({ kind, id, cloud }: CallTarget, { video, topic }: StartOptions): CallingCall {
    const callee: MicrosoftTeamsUserIdentifier | MicrosoftTeamsAppIdentifier =
      kind === 'teams-user' ? { microsoftTeamsUserId: id, cloud } : { teamsAppId: id, cloud };
    const customContext = topic ? { voipHeaders: [{ key: 'topic', value: topic }] } : undefined;
    return this.wrap(this.agent.startCall([callee], { audioOptions: { muted: false }, customContext }), video);
  }

  watchCalls(listener: (call: CallingCall) => void): () => void {
    const onCalls = ({ added }: { added: Call[] }) => {
      // The SDK lists a call it starts before startCall returns it: look once that call has been handed out.
      queueMicrotask(() => {
        for (const call of added) if (!this.wrapped.has(call)) listener(this.wrap(call));
      });
    };
    this.agent.on('callsUpdated', onCalls);
    return () => this.agent.off('callsUpdated', onCalls);
  }

  watchDisconnect(listener: () => void): () => void {
    const onConnection = ({ newValue }: { newValue: string }) => {
      if (newValue === 'Disconnected') listener();
    };
    this.agent.on('connectionStateChanged', onConnection);
    return () => this.agent.off('connectionStateChanged', onConnection);
  }

  async dispose(): Promise<void> {
    try {
      await this.agent.dispose();
    } finally {
      this.credential.dispose();
    }
  }

  /** The one wrapper of an SDK call, made on first sight; `video` says whether the Teams user's camera is shown. */
  private readonly wrap = (call: CallCommon, video = false): AcsCall => {
    let wrapper = this.wrapped.get(call);
    if (!wrapper) this.wrapped.set(call, (wrapper = new AcsCall(call as Call, this.devices, this.wrap, video)));
    return wrapper;
  };
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
  private readonly transfer;
  private camera?: { stream: LocalVideoStream; video: RenderedVideo };
  private listener?: (update: CallUpdate) => void;
  constructor(
    private readonly call: Call,
    private readonly devices: () => Promise<DeviceManager>,
    private readonly wrap: (call: CallCommon, video: boolean) => AcsCall,
    /** Remote camera video is shown on video calls only; the Teams user's screen share on every call. */
    private readonly showRemoteCamera: boolean,
  ) {
    this.recording = call.feature(Features.Recording);
    this.transcription = call.feature(Features.Transcription);
    this.diagnostics = call.feature(Features.UserFacingDiagnostics);
    this.transfer = call.feature(Features.Transfer);
  }

  get id(): string {
    return this.call.id;
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
    const onTransfer = ({ targetCall }: { targetCall: CallCommon }) => {
      // The transferred call is shown as this one was: the camera on video calls, the screen share on all.
      listener({
        type: 'transferred',
        call: this.wrap(targetCall, this.showRemoteCamera),
        to: transferTarget(targetCall),
      });
    };
    this.call.on('stateChanged', onState);
    this.call.on('isMutedChanged', onMuted);
    this.recording.on('isRecordingActiveChanged', onRecording);
    this.transcription.on('isTranscriptionActiveChanged', onTranscription);
    this.diagnostics.network.on('diagnosticChanged', onDiagnostic);
    this.diagnostics.media.on('diagnosticChanged', onDiagnostic);
    this.transfer.on('transferAccepted', onTransfer);
    const stopRemoteVideo = this.watchRemoteVideo((side, view) => listener({ type: 'video', side, view }));
    const stopCaptions = this.watchCaptions(listener);
    const onSharing = () => listener({ type: 'sharing', active: this.call.isScreenSharingOn });
    this.call.on('isScreenSharingOnChanged', onSharing);
    return () => {
      stopCaptions();
      this.call.off('isScreenSharingOnChanged', onSharing);
      this.call.off('stateChanged', onState);
      this.call.off('isMutedChanged', onMuted);
      this.recording.off('isRecordingActiveChanged', onRecording);
      this.transcription.off('isTranscriptionActiveChanged', onTranscription);
      this.diagnostics.network.off('diagnosticChanged', onDiagnostic);
      this.diagnostics.media.off('diagnosticChanged', onDiagnostic);
      this.transfer.off('transferAccepted', onTransfer);
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
  /** The call as a whole, and its audio if the visitor named an audio problem; both with the visitor's score. */
  async submitSurvey({ score, issues }: SurveyAnswer): Promise<void> {
    const overall = issues.filter((issue) => issue === 'CallEndedUnexpectedly') as OverallIssue[];
    const audio = issues.filter((issue) => issue !== 'CallEndedUnexpectedly') as AudioIssue[];
    await this.call.feature(Features.CallSurvey).submitSurvey({
      overallRating: { score, ...(overall.length && { issues: overall }) },
      ...(audio.length && { audioRating: { score, issues: audio } }),
    });
  }

  get captionsSupported(): boolean {
    return !/\bFirefox\//.test(navigator.userAgent);
  }

  async startCaptions(language: string): Promise<void> {
    const captions = this.captions();
    await captions.startCaptions({ spokenLanguage: closestLanguage(captions.supportedSpokenLanguages, language) });
  }

  async stopCaptions(): Promise<void> {
    await this.captions().stopCaptions();
  }

  async setCaptionLanguage(language: string): Promise<void> {
    const captions = this.captions();
    if (captions.kind !== 'TeamsCaptions') throw new Error('Only Teams captions can be translated.');
    const teams = captions as TeamsCaptions;
    const wanted = language.toLowerCase().split('-')[0];
    const supported = teams.supportedCaptionLanguages.find((code) => code.toLowerCase() === wanted);
    if (!supported) throw new Error(`Teams captions are not translated into ${language}.`);
    await teams.setCaptionLanguage(supported);
  }

  get screenSharingSupported(): boolean {
    return typeof navigator.mediaDevices?.getDisplayMedia === 'function';
  }

  startScreenSharing(): Promise<void> {
    return this.call.startScreenSharing();
  }

  stopScreenSharing(): Promise<void> {
    return this.call.stopScreenSharing();
  }

  async noiseSuppressionSupported(): Promise<boolean> {
    const effects = this.audioEffects();
    return effects ? await effects.isSupported('BrowserNoiseSuppression') : false;
  }

  async setNoiseSuppression(on: boolean): Promise<void> {
    const effects = this.audioEffects();
    if (!effects) throw new Error('The call has no microphone stream.');
    if (on)
      await effects.startEffects({
        noiseSuppression: 'BrowserNoiseSuppression',
        echoCancellation: 'BrowserEchoCancellation',
      });
    else await effects.stopEffects({ noiseSuppression: true });
  }

  /** The audio effects of the visitor's microphone in this call, once the SDK has its stream. */
  private audioEffects() {
    return this.call.localAudioStreams[0]?.feature(Features.AudioEffects);
  }

  /** The call's captions: Teams captions in a call with a Teams user, the SDK's own otherwise. */
  private captions(): CaptionsCommon {
    return this.call.feature(Features.Captions).captions;
  }

  /**
   * Passes on captions starting and stopping and each line, following the captions object across a change of kind;
   * returns a function that stops listening.
   */
  private watchCaptions(listener: (update: CallUpdate) => void): () => void {
    const feature = this.call.feature(Features.Captions);
    // The two kinds take the same events; their typings name them for Teams captions only.
    let watched: TeamsCaptions | undefined;
    const onActive = () => listener({ type: 'captions', active: watched!.isCaptionsFeatureActive });
    const onCaption = (info: CaptionsInfo | TeamsCaptionsInfo) =>
      listener({
        type: 'caption',
        caption: {
          speaker: info.speaker.displayName ?? '',
          text: 'captionText' in info ? info.captionText || info.spokenText : info.spokenText,
          final: info.resultType === 'Final',
          language: info.spokenLanguage,
        },
      });
    const watch = () => {
      unwatch();
      watched = feature.captions as TeamsCaptions;
      watched.on('CaptionsActiveChanged', onActive);
      watched.on('CaptionsReceived', onCaption);
    };
    const unwatch = () => {
      watched?.off('CaptionsActiveChanged', onActive);
      watched?.off('CaptionsReceived', onCaption);
    };
    watch();
    feature.on('CaptionsKindChanged', watch);
    return () => {
      feature.off('CaptionsKindChanged', watch);
      unwatch();
    };
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
    const manager = await this.devices();
    // The camera is asked for only now, when the visitor turns it on.
    const access = await manager.askDevicePermission({ audio: false, video: true });
    if (!access.video) throw new Error('The camera is not allowed for this site.');
    const [device] = await manager.getCameras();
    if (!device) throw new Error('No camera was found.');
    const stream = new LocalVideoStream(device);
    await this.call.startVideo(stream);
    this.camera = { stream, video: await render(stream, { isMirrored: true, scalingMode: 'Crop' }) };
    this.listener?.({ type: 'video', side: 'local', view: this.camera.video.view });
  }

  watchStats(intervalSeconds: number, listener: (stats: CallStats) => void): () => void {
    // The collector reports a sample about once a second whatever its aggregation interval: keep the latest and
    // report it at the pace the page asked for.
    const collector = this.call.feature(Features.MediaStats).createCollector();
    let latest: MediaStatsReportSample | undefined;
    collector.on('sampleReported', (sample) => (latest = sample));
    const timer = setInterval(() => latest && listener(statsOf(latest)), intervalSeconds * 1000);
    return () => {
      clearInterval(timer);
      collector.dispose();
    };
  }

  /**
   * Renders the Teams user's screen share (and their camera, on video calls) while available; returns a function that
   * stops and disposes all of it, renders still being made included.
   */
  private watchRemoteVideo(show: (side: VideoSide, view: HTMLElement | null) => void): () => void {
    /** One entry per stream from the moment its render starts, so a quick flicker never makes a second renderer. */
    const rendered = new Map<RemoteVideoStream, Promise<RenderedVideo | undefined>>();
    const cleanups: (() => void)[] = [];
    let stopped = false;
    const watchStream = (stream: RemoteVideoStream) => {
      const side =
        stream.mediaStreamType === 'ScreenSharing'
          ? 'screen'
          : stream.mediaStreamType === 'Video'
            ? 'remote'
            : undefined;
      if (!side || (side === 'remote' && !this.showRemoteCamera)) return;
      const onAvailable = () => {
        if (stream.isAvailable && !rendered.has(stream)) {
          const video = render(stream, { scalingMode: 'Fit' }).then(
            (done) => {
              // Stopped, or gone again, while the render was being made: take it down at once.
              if (stopped || rendered.get(stream) !== video) return void done.renderer.dispose();
              show(side, done.view);
              return done;
            },
            () => undefined, // a render that fails shows nothing; the call goes on
          );
          rendered.set(stream, video);
        } else if (!stream.isAvailable && rendered.has(stream)) {
          const video = rendered.get(stream)!;
          rendered.delete(stream);
          void video.then((done) => {
            if (!done) return;
            done.renderer.dispose();
            show(side, null);
          });
        }
      };
      stream.on('isAvailableChanged', onAvailable);
      cleanups.push(() => stream.off('isAvailableChanged', onAvailable));
      onAvailable();
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
      stopped = true;
      this.call.off('remoteParticipantsUpdated', onParticipants);
      cleanups.forEach((cleanup) => cleanup());
      rendered.forEach((video) => void video.then((done) => done?.renderer.dispose()));
      rendered.clear();
    };
  }
}

/** Whom a transferred call reaches, read from its remote participant where the SDK has one. */
function transferTarget(call: CallCommon): TransferTarget {
  const identifier = call.remoteParticipants[0]?.identifier;
  if (!identifier) return 'unknown';
  if (isMicrosoftTeamsAppIdentifier(identifier)) return 'teams-app';
  if (isMicrosoftTeamsUserIdentifier(identifier)) return 'teams-user';
  return 'unknown';
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

/** The supported language closest to `wanted`: the same, else the same language elsewhere, else US English. */
export function closestLanguage(supported: readonly string[], wanted: string): string {
  const lower = wanted.toLowerCase();
  const primary = lower.split('-')[0];
  return (
    supported.find((language) => language.toLowerCase() === lower) ??
    supported.find((language) => language.toLowerCase().split('-')[0] === primary) ??
    'en-us'
  );
}

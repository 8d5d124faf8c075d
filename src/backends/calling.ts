/**
 * The narrow interface between the element and a calling backend.
 *
 * The real backend (`acs-sdk.ts`) wraps `@azure/communication-calling`; tests hand in a scripted fake.
 * Nothing here imports the SDK, so this module costs nothing at run time.
 */

/** The SDK's own call states (`CallState` in `@azure/communication-calling`). */
export type SdkCallState =
  | 'None'
  | 'Connecting'
  | 'Ringing'
  | 'EarlyMedia'
  | 'Connected'
  | 'LocalHold'
  | 'RemoteHold'
  | 'InLobby'
  | 'Disconnecting'
  | 'Disconnected';

export type TeamsCloud = 'public' | 'gcch' | 'dod';

/** Whom to call: a Teams user by Entra object ID, or a Teams voice app (call queue, auto attendant). */
export interface CallTarget {
  kind: 'teams-user' | 'teams-app';
  id: string;
  cloud: TeamsCloud;
}

export interface CallEndCode {
  code: number;
  subCode?: number;
}

/** A key of a phone's dial pad, as the SDK names it. */
export type DtmfTone =
  'Num0' | 'Num1' | 'Num2' | 'Num3' | 'Num4' | 'Num5' | 'Num6' | 'Num7' | 'Num8' | 'Num9' | 'Star' | 'Pound';

/** One of the SDK's user-facing diagnostics: a `DiagnosticQuality` (1 good, 2 poor, 3 bad) or a flag. */
export interface Diagnostic {
  name: string;
  value: number | boolean;
}

/** Audio quality figures of the call, from the SDK's media statistics. */
export interface CallStats {
  roundTripTimeMs?: number;
  jitterMs?: number;
  packetsLostPerSecond?: number;
  sendBitrateKbps?: number;
  receiveBitrateKbps?: number;
}

/**
 * Where a transfer sends the call, as far as the SDK tells: the kind of the new call's remote participant.
 * (SDK 2.0.0 does not tell a transfer to voicemail from one to the person: both reach a Teams user.)
 */
export type TransferTarget = 'teams-user' | 'teams-app' | 'unknown';

/** What a call reports as it goes. */
export type CallUpdate =
  | { type: 'state'; state: SdkCallState }
  /**
   * The SDK accepted a transfer (a person's "Transfer", a voice app's hand-off, voicemail): the conversation goes on
   * as `call`, and this call ends with 0/7015.
   */
  | { type: 'transferred'; call: CallingCall; to: TransferTarget }
  | { type: 'muted'; muted: boolean }
  | { type: 'recording'; active: boolean }
  | { type: 'transcription'; active: boolean }
  | ({ type: 'diagnostic' } & Diagnostic)
  /**
   * A rendered video (`view`), or its end (`null`): the visitor's camera preview (`local`), the Teams user's camera
   * (`remote`, video calls only) or the screen they share (`screen`, any call).
   */
  | { type: 'video'; side: VideoSide; view: HTMLElement | null }
  /** Teams live captions started or stopped (see `startCaptions`). */
  | { type: 'captions'; active: boolean }
  | { type: 'caption'; caption: Caption }
  /** The visitor's screen share started or stopped: by the element, or by the browser's own "Stop sharing". */
  | { type: 'sharing'; active: boolean };

/** A line of Teams live captions: who spoke and what, and whether the sentence is complete or still being heard. */
export interface Caption {
  speaker: string;
  text: string;
  final: boolean;
  /** The language the words were heard in (BCP 47, `en-us`). */
  language: string;
}

export type VideoSide = 'local' | 'remote' | 'screen';

export interface CallingCall {
  /** The SDK's call ID: what support tickets and Microsoft's call diagnostics start from. */
  readonly id: string;
  readonly state: SdkCallState;
  readonly isMuted: boolean;
  readonly recordingActive: boolean;
  readonly transcriptionActive: boolean;
  /** Set once the state is `Disconnected`. */
  readonly endReason?: CallEndCode;
  /** Returns a function that removes the listener. */
  subscribe(listener: (update: CallUpdate) => void): () => void;
  hangUp(): Promise<void>;
  mute(): Promise<void>;
  unmute(): Promise<void>;
  sendDtmf(tone: DtmfTone): Promise<void>;
  /** Turns the visitor's camera on or off, asking for it first; the preview comes as a `video` update. */
  setCamera(on: boolean): Promise<void>;
  /** Reports media statistics every `intervalSeconds` (1 or more); returns a function that stops them. */
  watchStats(intervalSeconds: number, listener: (stats: CallStats) => void): () => void;
  /** Sends the visitor's rating to Microsoft's end-of-call survey (`Features.CallSurvey`), after the call ended. */
  submitSurvey(answer: SurveyAnswer): Promise<void>;
  /** Whether this browser can get Teams live captions: the SDK has none in Firefox. */
  readonly captionsSupported: boolean;
  /**
   * Starts Teams live captions (`Features.Captions`), heard in the supported spoken language closest to `language`
   * (BCP 47; English where none is close). Resolves once asked: a `captions` update says when they run, and each
   * line comes as a `caption` update.
   */
  startCaptions(language: string): Promise<void>;
  stopCaptions(): Promise<void>;
  /**
   * Translates running Teams captions into the supported caption language closest to `language` (ISO 639-1, `de`;
   * Teams Premium on the Teams side); rejects where the call's captions cannot be translated.
   */
  setCaptionLanguage(language: string): Promise<void>;
  /**
   * Whether the browser's own noise suppression can clean the visitor's microphone in this call, through the SDK's
   * audio effects (`Features.AudioEffects`, `BrowserNoiseSuppression`).
   */
  noiseSuppressionSupported(): Promise<boolean>;
  /** Turns noise suppression, with the browser's echo cancellation, on or off on the visitor's microphone. */
  setNoiseSuppression(on: boolean): Promise<void>;
  /** Whether the browser can share a screen at all (`getDisplayMedia`: desktop browsers). */
  readonly screenSharingSupported: boolean;
  /** Opens the browser's picker and shares what the visitor chose; rejects if they cancel or the browser refuses. */
  startScreenSharing(): Promise<void>;
  stopScreenSharing(): Promise<void>;
}

/** What went wrong, in the SDK's words: `OverallIssue` and `AudioIssue` of its 2.0.0 typings. */
export type SurveyIssue = 'CallEndedUnexpectedly' | 'NoRemoteAudio' | 'NoLocalAudio' | 'Echo' | 'AudioNoise';

/** A rating of a call that connected: 1 (bad) to 5 (excellent), the SDK's default scale, and what went wrong. */
export interface SurveyAnswer {
  score: number;
  issues: SurveyIssue[];
}

export interface StartOptions {
  video: boolean;
  /**
   * What the visitor said the call is about (`intake`): sent with the invitation as the VoIP header `topic` of the
   * SDK's custom context, for a Teams app or Call Automation on the receiving side; the Teams client does not show it.
   */
  topic?: string;
}

export interface CallingAgent {
  /**
   * Synchronous, like the SDK's: the call exists at once and reports its progress. With `video`, the Teams user's
   * camera is shown too; their screen share is shown on every call.
   */
  startCall(target: CallTarget, options: StartOptions): CallingCall;
  /**
   * Calls `listener` with each call the agent holds that neither `startCall` nor a `transferred` update handed out:
   * a safety net, so that no call the agent carries is ever without a UI. Returns a function that stops it.
   */
  watchCalls(listener: (call: CallingCall) => void): () => void;
  /**
   * Calls `listener` when the agent loses its connection to the service (network lost, token refused): such an
   * agent is of no use to a next call. Returns a function that stops it.
   */
  watchDisconnect(listener: () => void): () => void;
  dispose(): Promise<void>;
}

/** An access token and when it expires, on the visitor's clock (milliseconds). */
export interface AccessToken {
  token: string;
  expiresOnTimestamp: number;
}

/** Returns a fresh access token for the same identity; asked again whenever the SDK needs to refresh it. */
export type TokenRefresher = (signal?: AbortSignal) => Promise<AccessToken>;

export interface AgentOptions {
  displayName?: string;
  /**
   * The name the token provider vouches for (a signed-in employee's, see `entraVerifier`): the agent takes it instead
   * of the page's `displayName`, so a caller cannot pose as someone else.
   */
  verifiedName?: string;
  /** The visitor's access token and how to get a fresh one; absent only in simulation, which needs none. */
  credential?: { token: AccessToken; refresh: TokenRefresher };
}

export type MicrophoneAccess = 'granted' | 'denied' | 'missing';

export interface AudioDevice {
  id: string;
  name: string;
}

export type AudioDeviceKind = 'microphone' | 'speaker';

export interface AudioDevices {
  microphones: AudioDevice[];
  /** Empty where the browser cannot choose a speaker (Safari, Firefox on some systems, Android). */
  speakers: AudioDevice[];
  microphone?: string;
  speaker?: string;
}

/** A loaded calling SDK: one per page. */
export interface CallingSdk {
  createAgent(options: AgentOptions): Promise<CallingAgent>;
  /** Asks for the microphone only: the camera is asked for when the visitor turns it on. */
  requestMicrophone(): Promise<MicrophoneAccess>;
  audioDevices(): Promise<AudioDevices>;
  selectAudioDevice(kind: AudioDeviceKind, id: string): Promise<void>;
  /** Calls `listener` when a device is plugged in or removed; returns a function that stops it. */
  watchAudioDevices(listener: () => void): () => void;
  /**
   * Calls `listener` with the selected microphone's input level (0–100, the SDK's `Volume` of a `LocalAudioStream`)
   * as it changes, for the device check before a call (`precheck`); resolves to a function that stops and releases it.
   */
  watchMicrophoneLevel(listener: (level: number) => void): Promise<() => void>;
  /** The visitor's camera, rendered, for the device check of a video call; `stop` releases it. */
  previewCamera(): Promise<{ view: HTMLElement; stop: () => void }>;
  /** A reason this browser is not supported, if the SDK says so; a warning, never a block. */
  environmentWarning(): Promise<string | undefined>;
  dispose(): Promise<void>;
}

/**
 * Loads a calling SDK on demand. Calling it evaluates the SDK — for the real one a main-thread task of half a second or
 * more — so the element calls it only once the visitor's click has painted the panel. `preload`, where there is one,
 * only fetches and compiles it, off the main thread: that is what intent and the `preload` modes do. The same loader
 * always means the same page-wide SDK.
 */
export interface CallingSdkLoader {
  (): Promise<CallingSdk>;
  preload?(): void;
}

/** A client-side error as the SDK throws it. */
export interface SdkError {
  code?: number;
  subCode?: number;
  message?: string;
}

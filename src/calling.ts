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
export type DtmfTone = 'Num0' | 'Num1' | 'Num2' | 'Num3' | 'Num4' | 'Num5' | 'Num6' | 'Num7' | 'Num8' | 'Num9' | 'Star' | 'Pound';

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

/** What a call reports as it goes. */
export type CallUpdate =
  | { type: 'state'; state: SdkCallState }
  | { type: 'muted'; muted: boolean }
  | { type: 'recording'; active: boolean }
  | { type: 'transcription'; active: boolean }
  | ({ type: 'diagnostic' } & Diagnostic)
  /** A rendered video (`view`), or its end (`null`): the visitor's camera preview, or the Teams user's video. */
  | { type: 'video'; side: 'local' | 'remote'; view: HTMLElement | null };

export interface CallingCall {
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
  /** Turns the visitor's camera on or off; the preview comes as a `video` update. */
  setCamera(on: boolean): Promise<void>;
  /** Reports media statistics every `intervalSeconds`; returns a function that stops them. */
  watchStats(intervalSeconds: number, listener: (stats: CallStats) => void): () => void;
}

export interface CallingAgent {
  /** Synchronous, like the SDK's: the call exists at once and reports its progress. */
  startCall(target: CallTarget): CallingCall;
  dispose(): Promise<void>;
}

/** Returns a fresh access token; asked again whenever the SDK needs to refresh it. */
export type TokenRefresher = (signal?: AbortSignal) => Promise<string>;

export interface AgentOptions {
  displayName?: string;
  /** The visitor's access token and how to get a fresh one; absent only in simulation, which needs none. */
  credential?: { token: string; refresh: TokenRefresher };
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
  /** Asks for the microphone (and the camera too, for a video call). */
  requestMicrophone(withCamera: boolean): Promise<MicrophoneAccess>;
  audioDevices(): Promise<AudioDevices>;
  selectAudioDevice(kind: AudioDeviceKind, id: string): Promise<void>;
  /** Calls `listener` when a device is plugged in or removed; returns a function that stops it. */
  watchAudioDevices(listener: () => void): () => void;
  /** A reason this browser is not supported, if the SDK says so; a warning, never a block. */
  environmentWarning(): Promise<string | undefined>;
  dispose(): Promise<void>;
}

/** Loads a calling SDK on demand. The same loader function always means the same page-wide SDK. */
export type CallingSdkLoader = () => Promise<CallingSdk>;

/** A client-side error as the SDK throws it. */
export interface SdkError {
  code?: number;
  subCode?: number;
  message?: string;
}

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

/** What a call reports as it goes. */
export type CallUpdate =
  | { type: 'state'; state: SdkCallState }
  | { type: 'muted'; muted: boolean }
  | { type: 'recording'; active: boolean }
  | { type: 'transcription'; active: boolean };

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

/** A loaded calling SDK: one per page. */
export interface CallingSdk {
  createAgent(options: AgentOptions): Promise<CallingAgent>;
  requestMicrophone(): Promise<MicrophoneAccess>;
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

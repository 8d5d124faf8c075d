import type { TeamsCallButton } from '../teams-call-button.js';
import { acsSdkLoader } from '../backends/acs-preload.js';
import { CallError } from './errors.js';
import type { CallRequest } from './controller.js';
import type { CallingSdkLoader, CallTarget, TeamsCloud } from '../backends/calling.js';
import { simulationLoader } from '../backends/simulation.js';
import type { StringKey } from '../i18n/strings.js';

/**
 * The element's attributes and properties that shape a call. Each may be null or undefined — what frameworks set when
 * a binding empties, and what a removed attribute leaves — which means its default.
 */
/**
 * What a call reads of its element: the element's own members (declared there once, with their docs), each of which a
 * framework may have emptied to null. Values come from HTML unchecked, so each is read and checked here.
 */
export type CallAttributes = {
  [
    Name in
      | 'tokenUrl'
      | 'tokenRequestInit'
      | 'tokenProvider'
      | 'tokenTimeout'
      | 'teamsUserId'
      | 'teamsAppId'
      | 'cloud'
      | 'displayName'
      | 'calleeName'
      | 'video'
      | 'statsInterval'
      | 'recordingConsent'
      | 'ringback'
      | 'simulate'
      | 'sdkLoader'
  ]?: TeamsCallButton[Name] | null;
};

/** Whom a simulated call "calls" when the page gives no Teams ID: nobody, as the simulation calls no one. */
const SIMULATED_CALLEE: CallTarget = { kind: 'teams-user', id: '', cloud: 'public' };
const DEFAULT_TOKEN_TIMEOUT_SECONDS = 10;

/**
 * The simulation scenario `simulate` asks for, or undefined for a real call. A bare attribute arrives as `""` from HTML,
 * `true` from React and Svelte and `"true"` from Astro: each means the default scenario.
 */
export function simulationScenario(simulate: CallAttributes['simulate']): string | undefined {
  if (simulate == null || simulate === false) return undefined;
  if (simulate === true || simulate === 'true') return '';
  return String(simulate);
}

/** The SDK a button uses: the simulation's when `simulate` is set, else its `sdkLoader`. */
export function loaderFor({ simulate, sdkLoader }: CallAttributes): CallingSdkLoader {
  const scenario = simulationScenario(simulate);
  return scenario === undefined ? (sdkLoader ?? acsSdkLoader) : simulationLoader(scenario);
}

/** What the visitor told before the call (`intake`): their name replaces `display-name` for this call. */
export interface Intake {
  name?: string;
  topic?: string;
}

/** Reads the attributes into a call request; refuses bad configuration (`invalid-config`) before any request. */
export function readCallRequest(
  attributes: CallAttributes,
  loadUi: () => Promise<unknown>,
  intake: Intake = {},
): CallRequest {
  const common = {
    displayName: readDisplayName(intake.name || attributes.displayName || ''),
    ...(intake.topic && { topic: intake.topic }),
    calleeName: readCalleeName(attributes.calleeName ?? ''),
    loadUi,
    video: Boolean(attributes.video),
    statsIntervalSeconds: readStatsInterval(attributes.statsInterval),
    consentRequired: attributes.recordingConsent === 'required',
    ringback: Boolean(attributes.ringback),
    loader: loaderFor(attributes),
  };
  const targetAttributes = {
    teamsUserId: attributes.teamsUserId ?? '',
    teamsAppId: attributes.teamsAppId ?? '',
    cloud: attributes.cloud || 'public',
  };
  if (simulationScenario(attributes.simulate) !== undefined) {
    // A preview may come before the page has a Teams ID; an ID that is given must still be valid.
    const target =
      targetAttributes.teamsUserId || targetAttributes.teamsAppId ? readTarget(targetAttributes) : SIMULATED_CALLEE;
    return { ...common, target, tokenSourceKey: 'simulation' };
  }
  requireSecurePage();
  const target = readTarget(targetAttributes);
  const provider = attributes.tokenProvider ?? undefined;
  const tokenUrl = (attributes.tokenUrl ?? '').trim();
  if (!provider && !tokenUrl) throw invalid('missingTokenSource');
  const url = provider ? '' : readTokenUrl(tokenUrl);
  const timeoutSeconds = readTokenTimeout(attributes.tokenTimeout);
  return {
    ...common,
    target,
    tokenSource: { url, init: attributes.tokenRequestInit ?? undefined, provider, timeoutSeconds },
    tokenSourceKey: provider ?? url,
  };
}

/** The SDK refuses longer display names (`DISPLAY_NAME_TOO_LONG`, 400/40215). */
export const MAX_DISPLAY_NAME_LENGTH = 256;
const MAX_URL_LENGTH = 2048;
const CLOUDS: readonly TeamsCloud[] = ['public', 'gcch', 'dod'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Raw identifier forms: `8:orgid:<guid>` for a Teams user, `28:orgid:<guid>` for a Teams app; the middle names the cloud. */
const RAW_ID = /^(8|28):(orgid|gcch|dod):(.+)$/;
const RAW_CLOUD: Record<string, TeamsCloud> = { orgid: 'public', gcch: 'gcch', dod: 'dod' };
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface TargetAttributes {
  teamsUserId: string;
  teamsAppId: string;
  cloud: string;
}

/** Reads `teams-user-id` / `teams-app-id` and `cloud` into a call target, or throws `invalid-config`. */
export function readTarget({ teamsUserId, teamsAppId, cloud }: TargetAttributes): CallTarget {
  const userId = teamsUserId.trim();
  const appId = teamsAppId.trim();
  if (userId && appId) throw invalid('bothTargets');
  if (!userId && !appId) throw invalid('missingTarget');
  if (!CLOUDS.includes(cloud as TeamsCloud)) throw invalid('badCloud', { value: quoted(cloud) });

  const kind = userId ? 'teams-user' : 'teams-app';
  const attribute = userId ? 'teams-user-id' : 'teams-app-id';
  const value = userId || appId;
  const raw = RAW_ID.exec(value);
  const id = raw ? raw[3] : value;
  const rawKindMatches = !raw || (raw[1] === '8') === (kind === 'teams-user');
  if (!GUID.test(id) || !rawKindMatches) throw invalid('badTeamsId', { value: quoted(value), attribute });
  return { kind, id: id.toLowerCase(), cloud: raw ? RAW_CLOUD[raw[2]] : (cloud as TeamsCloud) };
}

/**
 * Checks `token-url`: https anywhere, plain http only on this very origin or on a loopback host (local development),
 * and nothing else (no `javascript:`, `data:` or cross-origin `http:`).
 */
export function readTokenUrl(value: string): string {
  const refuse = () => invalid('badTokenUrl', { value: quoted(value) });
  if (value.length > MAX_URL_LENGTH) throw refuse();
  let url: URL;
  try {
    url = new URL(value, document.baseURI);
  } catch {
    throw refuse();
  }
  const httpAllowed = url.origin === location.origin || LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && httpAllowed)) return url.href;
  throw refuse();
}

/** A browser's timers hold at most about 24.8 days; no token service is worth a wait of more than ten minutes. */
export const MAX_TOKEN_TIMEOUT_SECONDS = 600;

/** `token-timeout` in seconds: 1 to 600; none (or 0) for the default. */
export function readTokenTimeout(value: number | null | undefined): number {
  if (value === null || value === undefined || value === 0) return DEFAULT_TOKEN_TIMEOUT_SECONDS;
  if (value >= 1 && value <= MAX_TOKEN_TIMEOUT_SECONDS) return value;
  throw invalid('badTokenTimeout', { value: quoted(String(value)), max: MAX_TOKEN_TIMEOUT_SECONDS });
}

/**
 * `stats-interval` in seconds: 1 or more, or 0 (or none) for no stats. The SDK's collector throws on less than a
 * second once the call is placed, which would leave the Teams user's phone ringing: it is refused before any request.
 */
export function readStatsInterval(value: number | null | undefined): number {
  if (value === null || value === undefined || value === 0) return 0;
  if (value >= 1 && Number.isFinite(value)) return value;
  throw invalid('badStatsInterval', { value: quoted(String(value)) });
}

/** The page's name for the expert is shown in the element's own text; past this it is not a name. */
export const MAX_CALLEE_NAME_LENGTH = 256;

export function readCalleeName(value: string): string {
  const name = value.trim();
  if (name.length > MAX_CALLEE_NAME_LENGTH) {
    throw invalid('calleeNameTooLong', { length: name.length, max: MAX_CALLEE_NAME_LENGTH });
  }
  return name;
}

export function readDisplayName(value: string): string | undefined {
  const name = value.trim();
  if (name.length > MAX_DISPLAY_NAME_LENGTH) {
    throw invalid('displayNameTooLong', { length: name.length, max: MAX_DISPLAY_NAME_LENGTH });
  }
  return name || undefined;
}

export function requireSecurePage(): void {
  if (!window.isSecureContext) throw invalid('insecurePage');
}

/** A value as a message quotes it: a long one only in part. */
function quoted(value: string): string {
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}

function invalid(key: StringKey, values?: Record<string, string | number>): CallError {
  return new CallError('invalid-config', key, values);
}

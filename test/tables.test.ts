/** The pure tables and readers, tested directly: target and URL parsing, limits, scenarios, hints, timer, devices. */
import { expect } from '@open-wc/testing';
import { formatDuration, healthHint } from '../src/panel/texts.js';
import {
  readStatsInterval,
  readTarget,
  readTokenTimeout,
  readTokenUrl,
  simulationScenario,
} from '../src/call/config.js';
import { devicesToRestore, rememberDevice } from '../src/call/device-memory.js';
import { en } from '../src/i18n/strings.js';

const GUID = '6F1C2A3B-4D5E-4F60-8A7B-9C0D1E2F3A4B';

describe('readTarget', () => {
  const read = (teamsUserId: string, teamsAppId = '', cloud = 'public') =>
    readTarget({ teamsUserId, teamsAppId, cloud });
  it('reads a Teams user or a voice app, lower-cased, in its cloud', () => {
    expect(read(GUID)).to.deep.equal({ kind: 'teams-user', id: GUID.toLowerCase(), cloud: 'public' });
    expect(read('', GUID, 'gcch')).to.deep.equal({ kind: 'teams-app', id: GUID.toLowerCase(), cloud: 'gcch' });
  });
  it('reads raw identifiers, whose middle names the cloud', () => {
    expect(read(`8:orgid:${GUID}`)).to.include({ kind: 'teams-user', cloud: 'public' });
    expect(read(`8:dod:${GUID}`)).to.include({ cloud: 'dod' });
    expect(read('', `28:gcch:${GUID}`)).to.include({ kind: 'teams-app', cloud: 'gcch' });
  });
  for (const [what, user, app, cloud, key] of [
    ['no target', '', '', 'public', 'missingTarget'],
    ['both targets', GUID, GUID, 'public', 'bothTargets'],
    ['an unknown cloud', GUID, '', 'europe', 'badCloud'],
    ['not a GUID', 'dr.lee@contoso.com', '', 'public', 'badTeamsId'],
    ['an app ID in teams-user-id', `28:orgid:${GUID}`, '', 'public', 'badTeamsId'],
  ] as const) {
    it(`refuses ${what}`, () => {
      expect(() => read(user, app, cloud))
        .to.throw()
        .with.property('key', key);
    });
  }
});

describe('readTokenUrl', () => {
  it('takes https anywhere, http on this origin or loopback, and resolves paths against the page', () => {
    expect(readTokenUrl('https://api.contoso.example/token')).to.equal('https://api.contoso.example/token');
    expect(readTokenUrl('/api/acs-token')).to.equal(new URL('/api/acs-token', location.href).href);
    expect(readTokenUrl('http://127.0.0.1:7071/api/token')).to.equal('http://127.0.0.1:7071/api/token');
  });
  for (const value of [
    'javascript:alert(1)',
    'data:application/json,{}',
    'http://api.contoso.example/token',
    `https://x.example/${'a'.repeat(2100)}`,
  ]) {
    it(`refuses ${value.slice(0, 40)}`, () => {
      expect(() => readTokenUrl(value))
        .to.throw()
        .with.property('key', 'badTokenUrl');
    });
  }
});

describe('limits and scenarios', () => {
  it('token-timeout: 1 to 600 s; none or 0 is the default; anything else refused', () => {
    expect(readTokenTimeout(null)).to.equal(10);
    expect(readTokenTimeout(0)).to.equal(10);
    expect(readTokenTimeout(30)).to.equal(30);
    for (const value of [0.5, 601, Infinity, NaN, -1])
      expect(() => readTokenTimeout(value))
        .to.throw()
        .with.property('key', 'badTokenTimeout');
  });
  it('stats-interval: 1 s or more; none or 0 is off', () => {
    expect(readStatsInterval(undefined)).to.equal(0);
    expect(readStatsInterval(5)).to.equal(5);
    for (const value of [0.5, Infinity, NaN, -3])
      expect(() => readStatsInterval(value))
        .to.throw()
        .with.property('key', 'badStatsInterval');
  });
  it('simulate: bare values mean the default scenario, false and null a real call', () => {
    expect(([true, 'true', ''] as const).map((value) => simulationScenario(value))).to.deep.equal(['', '', '']);
    expect([false, null, undefined].map(simulationScenario)).to.deep.equal([undefined, undefined, undefined]);
    expect(simulationScenario('declined')).to.equal('declined');
  });
});

describe('health hints', () => {
  const hint = (entries: [string, number | boolean][], muted = false) => healthHint(en, new Map(entries), muted);
  it('says the most serious first, and nothing when all is well', () => {
    expect(hint([])).to.equal('');
    expect(
      hint([
        ['networkReceiveQuality', 3],
        ['noNetwork', true],
      ]),
    ).to.equal(en.hintOffline);
    expect(hint([['networkReconnect', 2]])).to.equal(en.hintReconnecting);
    expect(hint([['networkReconnect', 3]])).to.equal(en.hintConnectionLost);
    expect(hint([['networkReconnect', 1]])).to.equal('');
    expect(hint([['speakingWhileMicrophoneIsMuted', true]]), 'only when muted').to.equal('');
    expect(hint([['speakingWhileMicrophoneIsMuted', true]], true)).to.equal(en.hintSpeakingMuted);
  });
});

describe('the call timer', () => {
  it('reads m:ss, and h:mm:ss past an hour', () => {
    expect(formatDuration(65_000, 'en')).to.match(/^0?1:05$/);
    expect(formatDuration(3_725_000, 'en')).to.match(/^1:02:05$/);
    expect(formatDuration(-5, 'en')).to.match(/^0?0:00$/);
  });
});

describe('remembered devices', () => {
  afterEach(() => localStorage.clear());
  const devices = {
    microphones: [
      { id: 'a', name: 'Built-in' },
      { id: 'b2', name: 'Headset' },
    ],
    speakers: [{ id: 's1', name: 'Speakers' }],
    microphone: 'a',
    speaker: 's1',
  };
  it('restores by ID, else by name, and nothing already selected or absent', () => {
    expect(devicesToRestore(devices)).to.deep.equal([]);
    rememberDevice('microphone', { id: 'b1', name: 'Headset' }); // the browser gave the headset a new ID
    rememberDevice('speaker', { id: 'gone', name: 'Unplugged' });
    expect(devicesToRestore(devices)).to.deep.equal([{ kind: 'microphone', id: 'b2' }]);
  });
});

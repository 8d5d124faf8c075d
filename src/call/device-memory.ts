import type { AudioDevice, AudioDeviceKind, AudioDevices } from '../backends/calling.js';

/** The visitor's chosen microphone and speaker, remembered for this site. Device IDs and names only: no secret. */
const KEY = 'teams-call-button:audio-devices';

type Remembered = Partial<Record<AudioDeviceKind, AudioDevice>>;

function read(): Remembered {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Remembered;
  } catch {
    return {}; // storage blocked or unreadable: nothing remembered
  }
}

export function rememberDevice(kind: AudioDeviceKind, device: AudioDevice): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ ...read(), [kind]: device }));
  } catch {
    // storage blocked: the choice lasts for this call only
  }
}

/** The remembered devices that are present and not selected yet: by ID, else by name (IDs change with some browsers). */
export function devicesToRestore(devices: AudioDevices): { kind: AudioDeviceKind; id: string }[] {
  const remembered = read();
  const restore: { kind: AudioDeviceKind; id: string }[] = [];
  for (const [kind, list, selected] of [
    ['microphone', devices.microphones, devices.microphone],
    ['speaker', devices.speakers, devices.speaker],
  ] as const) {
    const wanted = remembered[kind];
    const present = wanted && (list.find((d) => d.id === wanted.id) ?? list.find((d) => d.name === wanted.name));
    if (present && present.id !== selected) restore.push({ kind, id: present.id });
  }
  return restore;
}

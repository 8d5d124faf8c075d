import type { AudioDeviceKind, AudioDevices, CallingSdk } from '../backends/calling.js';
import { devicesToRestore, rememberDevice } from './device-memory.js';

/** The visitor's microphone and speaker: the list the menu shows, and the choice remembered per site. */
export class CallDevices {
  /** As last listed; absent until the SDK has answered. */
  list?: AudioDevices;

  constructor(
    readonly sdk: CallingSdk,
    /** Called when the list changes. */
    private readonly changed: () => void,
  ) {}

  /** Reapplies the microphone and speaker the visitor chose on an earlier visit, then lists the devices. */
  async restore(): Promise<void> {
    try {
      for (const { kind, id } of devicesToRestore(await this.sdk.audioDevices())) {
        await this.sdk.selectAudioDevice(kind, id);
      }
    } catch {
      // the SDK's own default device serves
    }
    await this.refresh();
  }

  async select(kind: AudioDeviceKind, id: string): Promise<void> {
    const device = (kind === 'microphone' ? this.list?.microphones : this.list?.speakers)?.find((d) => d.id === id);
    if (!device) return;
    await this.sdk.selectAudioDevice(kind, id).catch(() => undefined); // the menu shows the device the SDK really uses
    rememberDevice(kind, device);
    await this.refresh();
  }

  /** Follows devices plugged in or out; returns the function that stops. */
  watch(): () => void {
    return this.sdk.watchAudioDevices(() => void this.refresh());
  }

  private async refresh(): Promise<void> {
    this.list = await this.sdk.audioDevices().catch(() => this.list);
    this.changed();
  }
}

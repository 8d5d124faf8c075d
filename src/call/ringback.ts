/** Cycles scheduled ahead on the audio clock: three minutes, longer than Teams lets a call ring. */
const CYCLES = 30;

/**
 * Plays a ringback tone (North American: 440 + 480 Hz, two seconds on, four off) generated with Web Audio, so no
 * audio file is fetched. `context` should come from the visitor's click (Safari starts audio only from a gesture);
 * `speakerId` is the SDK's selected speaker, played on where the browser can choose (`setSinkId`).
 * Returns a function that stops the tone.
 */
export function startRingback(context?: AudioContext, speakerId?: string): () => void {
  if (!context || context.state === 'closed') return () => undefined;
  void context.resume().catch(() => undefined);
  const sink = speakerId?.replace(/^speaker:/, '');
  const withSink = context as AudioContext & { setSinkId?: (id: string) => Promise<void> };
  if (sink && withSink.setSinkId) withSink.setSinkId(sink).catch(() => undefined); // the default speaker serves
  const gain = context.createGain();
  gain.gain.value = 0;
  gain.connect(context.destination);
  const oscillators = [440, 480].map((frequency) => {
    const oscillator = context.createOscillator();
    oscillator.frequency.value = frequency;
    oscillator.connect(gain);
    oscillator.start();
    return oscillator;
  });
  const start = context.currentTime;
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    gain.gain.setValueAtTime(0.06, start + cycle * 6);
    gain.gain.setValueAtTime(0, start + cycle * 6 + 2);
  }
  return () => {
    oscillators.forEach((oscillator) => oscillator.stop());
    gain.disconnect();
  };
}

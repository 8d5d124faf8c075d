/** Cycles scheduled ahead on the audio clock: three minutes, longer than Teams lets a call ring. */
const CYCLES = 30;

/**
 * Plays a ringback tone (North American: 440 + 480 Hz, two seconds on, four off) generated with Web Audio,
 * so no audio file is fetched. Returns a function that stops it and releases the audio context.
 */
export function startRingback(): () => void {
  if (typeof AudioContext === 'undefined') return () => undefined;
  const context = new AudioContext();
  const gain = context.createGain();
  gain.gain.value = 0;
  gain.connect(context.destination);
  for (const frequency of [440, 480]) {
    const oscillator = context.createOscillator();
    oscillator.frequency.value = frequency;
    oscillator.connect(gain);
    oscillator.start();
  }
  const start = context.currentTime;
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    gain.gain.setValueAtTime(0.06, start + cycle * 6);
    gain.gain.setValueAtTime(0, start + cycle * 6 + 2);
  }
  return () => void context.close();
}

/*
 * The notification sound of the personal preferences: two short tones made by Web Audio, so no
 * sound file is downloaded. Browsers let a page play sound only after the user has interacted
 * with it (autoplay rules); before that nothing plays and nothing is queued: a chime that comes
 * minutes late would announce nothing.
 */

let context: AudioContext | undefined;

/** Whether the browser lets this page play sound now (the user has interacted with it). */
function mayPlay(): boolean {
  const activation = (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } }).userActivation;
  return activation ? activation.hasBeenActive : true;
}

/** Plays the chime; false when the browser does not allow sound yet or has no Web Audio. */
export function playChime(): boolean {
  if (typeof AudioContext === 'undefined' || !mayPlay()) return false;
  context ??= new AudioContext();
  if (context.state === 'suspended') void context.resume().catch(() => undefined);
  const start = context.currentTime;
  for (const [i, hz] of [880, 1320].entries()) {
    const tone = context.createOscillator();
    const gain = context.createGain();
    tone.frequency.value = hz;
    const at = start + i * 0.12;
    // A short fade in and out: a hard edge clicks.
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(0.15, at + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.001, at + 0.18);
    tone.connect(gain).connect(context.destination);
    tone.start(at);
    tone.stop(at + 0.2);
  }
  return true;
}

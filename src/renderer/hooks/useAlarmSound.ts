import { useCallback, useSyncExternalStore } from 'react';

// Off by default: a console left open in an office must not start beeping on its own.
const STORAGE_KEY = 'edgeSite.alarmSound';
const listeners = new Set<() => void>();
let context: AudioContext | null = null;

function audio(): AudioContext | null {
  if (!context && typeof AudioContext !== 'undefined') context = new AudioContext();
  return context;
}

function readEnabled(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'on';
  } catch {
    return false;
  }
}

let enabled = readEnabled();

// Turned on in an earlier session: the browser keeps the audio suspended until this page gets a click or
// a key, so the first one unlocks it.
function unlock(): void {
  if (enabled) void audio()?.resume();
  window.removeEventListener('pointerdown', unlock);
  window.removeEventListener('keydown', unlock);
}
if (enabled) {
  window.addEventListener('pointerdown', unlock);
  window.addEventListener('keydown', unlock);
}

/**
 * Two short tones through WebAudio (no audio file to ship or load). Browsers only let a page make sound
 * after a user gesture: the context is created when the operator turns the sound on.
 */
export function beep(): void {
  if (!enabled) return;
  const context = audio();
  if (!context) return;
  void context.resume();
  const start = context.currentTime;
  for (const [offset, freq] of [
    [0, 880],
    [0.25, 660],
  ] as const) {
    const osc = context.createOscillator();
    const gain = context.createGain();
    osc.type = 'square';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.08, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.2);
    osc.connect(gain).connect(context.destination);
    osc.start(start + offset);
    osc.stop(start + offset + 0.2);
  }
}

function setEnabled(on: boolean): void {
  enabled = on;
  try {
    localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
  } catch {
    /* storage unavailable: the choice lasts for this session */
  }
  // the operator hears what the alarm will sound like
  if (on) beep();
  for (const l of listeners) l();
}

/** The sound toggle: [on, set]. Turning it on (a click) is what allows the browser to play it. */
export function useAlarmSound(): [boolean, (on: boolean) => void] {
  const subscribe = useCallback((fn: () => void) => {
    listeners.add(fn);
    return () => listeners.delete(fn);
  }, []);
  const on = useSyncExternalStore(subscribe, () => enabled);
  return [on, setEnabled];
}

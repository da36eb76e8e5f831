import { useCallback, useSyncExternalStore } from 'react';
import type { Alarm } from '../../shared/model';
import { applyAlarm, isNewFatal } from '../lib/alarms';
import { api } from '../net/client';
import { live } from '../net/live';
import { beep } from './useAlarmSound';

// One list of open alarms per console session, shared by the header's count and the alarms page: loaded
// once, then kept current by the live feed's `alarm` events, and loaded again after the stream comes back
// (changes were missed meanwhile).

export interface OpenAlarms {
  alarms: Alarm[];
  loaded: boolean;
  error: unknown;
}

let state: OpenAlarms = { alarms: [], loaded: false, error: null };
let started = false;
let reconnects = 0;
let generation = 0;
const listeners = new Set<() => void>();

function set(next: OpenAlarms): void {
  state = next;
  for (const l of listeners) l();
}

/** Loads the open alarms again (after an operator action the live event usually comes first anyway). */
export function reloadOpenAlarms(): void {
  const mine = ++generation;
  api.openAlarms().then(
    (page) => {
      if (mine === generation) set({ alarms: page.data, loaded: true, error: null });
    },
    (error: unknown) => {
      if (mine === generation) set({ ...state, error });
    },
  );
}

/** An operator's action answered with the changed alarm: show it at once. */
export function applyOpenAlarm(alarm: Alarm): void {
  set({ ...state, alarms: applyAlarm(state.alarms, alarm) });
}

function start(): void {
  if (started) return;
  started = true;
  reloadOpenAlarms();
  live.subscribe((ev) => {
    if (ev.type !== 'alarm') return;
    const before = state.alarms.find((a) => a.id === ev.alarm.id);
    if (isNewFatal(before, ev.alarm)) beep();
    // a change that arrives while the list loads would be overwritten by the answer: load after it
    if (!state.loaded) reloadOpenAlarms();
    applyOpenAlarm(ev.alarm);
  });
  live.onState(() => {
    if (live.reconnects !== reconnects) {
      reconnects = live.reconnects;
      reloadOpenAlarms();
    }
  });
}

export function useOpenAlarms(): OpenAlarms {
  const subscribe = useCallback((fn: () => void) => {
    start();
    listeners.add(fn);
    return () => listeners.delete(fn);
  }, []);
  return useSyncExternalStore(subscribe, () => state);
}

import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import type { LiveEvent } from '../../shared/api';
import type { LiveState } from '../lib/live';
import { live } from '../net/live';

export function useLiveState(): LiveState {
  const subscribe = useCallback((fn: () => void) => live.onState(fn), []);
  return useSyncExternalStore(subscribe, () => live.state);
}

/** Call `handler` for every live event while mounted (the latest handler is always used). */
export function useLiveEvents(handler: (ev: LiveEvent) => void): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => live.subscribe((ev) => ref.current(ev)), []);
}

/** Increments each time the live stream comes back after a loss (what was shown may be out of date). */
export function useLiveReconnects(): number {
  const subscribe = useCallback((fn: () => void) => live.onState(fn), []);
  return useSyncExternalStore(subscribe, () => live.reconnects);
}

/** When the live stream was lost, or null while it is live (or has not been live yet). */
export function useLiveLostAt(): number | null {
  const subscribe = useCallback((fn: () => void) => live.onState(fn), []);
  return useSyncExternalStore(subscribe, () => live.lostAt);
}

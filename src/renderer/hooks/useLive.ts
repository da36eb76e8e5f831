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

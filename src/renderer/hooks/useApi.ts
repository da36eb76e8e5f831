import type { Dispatch, SetStateAction } from 'react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LiveEvent } from '../../shared/api';
import { useLiveEvents, useLiveReconnects } from './useLive';

export interface ApiState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: Dispatch<SetStateAction<T | undefined>>;
}

/** What was loaded, and for which `deps` (the identity of the resource: a gateway id, a range …). */
interface Slot<T> {
  deps: readonly unknown[];
  data: T | undefined;
  error: unknown;
  loading: boolean;
}

export function sameDeps(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

/**
 * Load something on mount and whenever `deps` change; stale answers are dropped, requests aborted.
 * Data and errors belong to the `deps` they were loaded for: as soon as `deps` change, `data` is
 * `undefined` (loading) until the new answer arrives, so one gateway's data never shows under another's
 * id. `reload()` keeps the current data while it refreshes. With `refreshOn`, it also reloads when the
 * site says that kind of thing changed (made on another screen or another cluster node). With `initial`
 * (an answer already in, such as net/early-gets.ts's `peekEarly`), the first render shows its data and
 * the mount loads nothing: no loading state painted, no second render of the page.
 */
export function useApi<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
  options: {
    refreshOn?: Extract<LiveEvent, { type: 'changed' }>['what'];
    initial?: () => T | undefined;
  } = {},
): ApiState<T> {
  // whether the mount's load is already answered (read once: the slot's initializer runs once)
  const given = useRef<boolean | null>(null);
  const [slot, setSlot] = useState<Slot<T>>(() => {
    const data = options.initial?.();
    given.current = data !== undefined;
    return { deps, data, error: null, loading: data === undefined };
  });
  const [tick, setTick] = useState(0);
  // events were missed while the live stream was down: load again (keeping what is shown meanwhile)
  const reconnects = useLiveReconnects();
  const loadRef = useRef(load);
  const depsRef = useRef(deps);
  useEffect(() => {
    loadRef.current = load;
    depsRef.current = deps;
  });

  useEffect(() => {
    if (given.current) {
      given.current = false;
      return;
    }
    const forDeps = depsRef.current;
    const ac = new AbortController();
    // the same state when it already says loading (a mount): no render of the caller for nothing
    setSlot((s) =>
      sameDeps(s.deps, forDeps)
        ? s.loading
          ? s
          : { ...s, loading: true }
        : { deps: forDeps, data: undefined, error: null, loading: true },
    );
    loadRef.current(ac.signal).then(
      (v) => {
        if (ac.signal.aborted) return;
        setSlot({ deps: forDeps, data: v, error: null, loading: false });
      },
      (e: unknown) => {
        if (ac.signal.aborted) return;
        setSlot((s) => ({
          deps: forDeps,
          data: sameDeps(s.deps, forDeps) ? s.data : undefined,
          error: e,
          loading: false,
        }));
      },
    );
    return () => ac.abort();
  }, [...deps, tick, reconnects]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  useLiveEvents((ev) => {
    if (ev.type === 'changed' && ev.what === options.refreshOn) reload();
  });
  const setData = useCallback<Dispatch<SetStateAction<T | undefined>>>((action) => {
    setSlot((s) => {
      const forDeps = depsRef.current;
      const prev = sameDeps(s.deps, forDeps) ? s.data : undefined;
      const data =
        typeof action === 'function' ? (action as (p: T | undefined) => T | undefined)(prev) : action;
      return sameDeps(s.deps, forDeps) ? { ...s, data } : { deps: forDeps, data, error: null, loading: true };
    });
  }, []);

  // Until the effect above has run for new deps, the slot still holds the previous resource's answer.
  const current = sameDeps(slot.deps, deps);
  return {
    data: current ? slot.data : undefined,
    error: current ? slot.error : null,
    loading: current ? slot.loading : true,
    reload,
    setData,
  };
}

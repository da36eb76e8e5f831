import { useCallback, useSyncExternalStore } from 'react';
import { sensorKey, type SensorRef } from '../../shared/dashboards';
import { LatestValues, newer, type Latest } from '../lib/latest-values';
import { live } from '../net/live';

/** One store for the console: every widget of every dashboard listens to its own sensors here. */
export const latestValues = new LatestValues((fn) => live.subscribe(fn));

/**
 * The latest value of `ref` (none: null): the newer of `loaded` (what the sensor list said) and what
 * came live since; re-renders only when this sensor gets a new value.
 */
export function useLatestValue(ref: SensorRef | undefined, loaded: Latest | null | undefined): Latest | null {
  const key = ref ? sensorKey(ref) : '';
  const subscribe = useCallback(
    (fn: () => void) => (key ? latestValues.subscribe(key, fn) : () => undefined),
    [key],
  );
  const current = useSyncExternalStore(subscribe, () => (key ? latestValues.get(key) : undefined));
  return newer(loaded, current);
}

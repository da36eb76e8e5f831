import { useEffect, useState } from 'react';
import type { SensorTypeDef } from '../../shared/catalogue';
import { api } from '../net/client';

let cache: Promise<SensorTypeDef[]> | null = null;
/** the catalogue once it came: a page mounted after that has it from its first render */
let loaded: SensorTypeDef[] | null = null;

/** The Thing+ sensor type catalogue, fetched once per console session (retried after a failure). */
export function loadSensorTypes(): Promise<SensorTypeDef[]> {
  if (!cache) {
    cache = api.sensorTypes().then(
      (types) => (loaded = types),
      (e: unknown) => {
        cache = null;
        throw e;
      },
    );
  }
  return cache;
}

/**
 * The sensor types (null while loading or when unavailable: callers fall back to built-in defaults) and
 * whether the request has ended either way.
 */
export function useSensorTypesLoad(): { types: SensorTypeDef[] | null; settled: boolean } {
  const [state, setState] = useState(() => ({ types: loaded, settled: loaded !== null }));
  useEffect(() => {
    if (loaded) return;
    let alive = true;
    loadSensorTypes().then(
      (types) => alive && setState({ types, settled: true }),
      () => alive && setState({ types: null, settled: true }),
    );
    return () => {
      alive = false;
    };
  }, []);
  return state;
}

/** The sensor types, or null while loading / when unavailable (callers fall back to built-in defaults). */
export function useSensorTypes(): SensorTypeDef[] | null {
  return useSensorTypesLoad().types;
}

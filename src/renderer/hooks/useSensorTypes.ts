import { useEffect, useState } from 'react';
import type { SensorTypeDef } from '../../shared/catalogue';
import { api } from '../net/client';

let cache: Promise<SensorTypeDef[]> | null = null;

/** The Thing+ sensor type catalogue, fetched once per console session (retried after a failure). */
export function loadSensorTypes(): Promise<SensorTypeDef[]> {
  if (!cache) {
    cache = api.sensorTypes().catch((e: unknown) => {
      cache = null;
      throw e;
    });
  }
  return cache;
}

/** The sensor types, or null while loading / when unavailable (callers fall back to built-in defaults). */
export function useSensorTypes(): SensorTypeDef[] | null {
  const [types, setTypes] = useState<SensorTypeDef[] | null>(null);
  useEffect(() => {
    let alive = true;
    loadSensorTypes().then(
      (t) => alive && setTypes(t),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, []);
  return types;
}

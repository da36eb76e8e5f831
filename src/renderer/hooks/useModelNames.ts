import { useCallback, useEffect, useState } from 'react';
import type { GatewayModel } from '../net/client';
import { api } from '../net/client';
import { modelLabel } from '../lib/models';

let cache: Promise<GatewayModel[]> | null = null;

/** The gateway model catalogue, fetched once per console session (an empty list when unavailable). */
export function loadModels(): Promise<GatewayModel[]> {
  if (!cache) {
    cache = api.gatewayModels().catch((e: unknown) => {
      cache = null;
      throw e;
    });
  }
  return cache;
}

/** id → display name ("Open Source Gateway"); falls back to the id. */
export function useModelNames(): (id: string) => string {
  const [models, setModels] = useState<GatewayModel[]>([]);
  useEffect(() => {
    let alive = true;
    loadModels().then(
      (m) => alive && setModels(m),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, []);
  return useCallback(
    (id: string) => {
      const m = models.find((x) => String(x.id) === id);
      return m ? modelLabel(m) : id;
    },
    [models],
  );
}

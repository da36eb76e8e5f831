import { useCallback, useMemo, useRef, useState } from 'react';
import type { LiveEvent } from '../../shared/api';
import { sensorKey } from '../../shared/dashboards';
import type { GatewayView, SensorView } from '../../shared/model';
import { ApiRequestError, api } from '../net/client';
import { useApi } from './useApi';
import { useLiveEvents } from './useLive';
import { applySensorStatus } from '../lib/live';

export interface SiteData {
  gateways: GatewayView[];
  /** by sensorKey(gatewayId, sensorId), with the status kept current by the live feed; `latest` is as
   * loaded (the live values: useLatestValue) */
  sensors: ReadonlyMap<string, SensorView>;
  loaded: boolean;
  error: unknown;
  reload: () => void;
}

interface Loaded {
  gateways: GatewayView[];
  sensors: Map<string, SensorView>;
}

/**
 * The gateways and the sensors of `gatewayIds` (null: of every gateway), every request at once: a
 * dashboard's sensor lists need not wait for the gateway list. With `everyGateway` false only the named
 * gateways are read, not the whole list (1 000 gateways are 300 kB a dashboard of sensors never shows).
 */
async function load(
  gatewayIds: readonly string[] | null,
  everyGateway: boolean,
  signal: AbortSignal,
): Promise<Loaded> {
  // an id no gateway has any more (a widget of a deleted gateway) shows as unknown, not as an error
  const orNone = <T>(p: Promise<T>): Promise<T | null> =>
    p.catch((e: unknown) => {
      if (e instanceof ApiRequestError && e.statusCode === 404) return null;
      throw e;
    });
  const listed = gatewayIds === null || everyGateway ? api.gateways(signal) : null;
  const sensorLists = Promise.all(
    (gatewayIds ?? (await listed)!.map((g) => g.id)).map((id) => orNone(api.sensors(id, signal))),
  );
  // awaited below; when the gateways fail first, this one's failure is not a second, unhandled one
  sensorLists.catch(() => undefined);
  const gateways = listed
    ? await listed
    : (await Promise.all(gatewayIds!.map((id) => orNone(api.gateway(id, signal))))).filter(
        (g): g is GatewayView => g !== null,
      );
  const known = new Set(gateways.map((g) => g.id));
  const sensors = new Map<string, SensorView>();
  for (const list of await sensorLists)
    for (const s of list ?? [])
      if (known.has(s.gatewayId)) sensors.set(sensorKey({ gatewayId: s.gatewayId, sensorId: s.id }), s);
  return { gateways, sensors };
}

/**
 * Applies one live event to what was loaded; the same object when the event changes nothing shown.
 * Live values are not applied here (a new map re-rendered every widget on every message): widgets
 * follow their own sensors' values through useLatestValue.
 */
function apply(data: Loaded, ev: LiveEvent): Loaded {
  if (ev.type === 'gateway') {
    if (!data.gateways.some((g) => g.id === ev.gateway.id)) return data;
    return { ...data, gateways: data.gateways.map((g) => (g.id === ev.gateway.id ? ev.gateway : g)) };
  }
  if (ev.type === 'sensorStatus') {
    const key = sensorKey(ev);
    const sensor = data.sensors.get(key);
    if (!sensor) return data;
    const next = applySensorStatus([sensor], ev, Date.now())[0] ?? sensor;
    return next === sensor ? data : { ...data, sensors: new Map(data.sensors).set(key, next) };
  }
  return data;
}

/**
 * The gateways and the sensors of `gatewayIds` (null: every gateway) with their latest values, loaded once
 * (again after the live stream comes back) and kept current by live events, for dashboards and wall mode.
 */
export function useSiteData(gatewayIds: readonly string[] | null, everyGateway = true): SiteData {
  const key = gatewayIds === null ? '*' : [...new Set(gatewayIds)].sort().join('\n');
  const ids = useMemo(() => (key === '*' ? null : key ? key.split('\n') : []), [key]);
  const state = useApi((signal) => load(ids, everyGateway, signal), [key, everyGateway]);
  const { setData, data, error, reload } = state;
  const onEvent = useCallback(
    (ev: LiveEvent) => {
      // widgets follow values themselves (useLatestValue): a value changes nothing here
      if (ev.type !== 'values') setData((d) => (d ? apply(d, ev) : d));
    },
    [setData],
  );
  useLiveEvents(onEvent);
  // the same object while nothing in it changed: the widgets (memo) are not rendered again for their
  // page's other state (a dashboard of 50 sensors re-rendered every widget on each change)
  return useMemo(
    () => ({
      gateways: data?.gateways ?? [],
      sensors: data?.sensors ?? new Map<string, SensorView>(),
      loaded: data !== undefined,
      error,
      reload,
    }),
    [data, error, reload],
  );
}

/** When the last live value arrived (browser clock), null before the first; updated at most once a second. */
export function useLastValueAt(): number | null {
  const [lastValueAt, setLastValueAt] = useState<number | null>(null);
  const lastSeen = useRef(0);
  useLiveEvents((ev) => {
    if (ev.type !== 'values') return;
    const now = Date.now();
    if (now - lastSeen.current > 1000) {
      lastSeen.current = now;
      setLastValueAt(now);
    }
  });
  return lastValueAt;
}

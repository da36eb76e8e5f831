import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { GatewayView, SensorView } from '../../shared/model';
import type { Names } from '../lib/names';
import { api } from '../net/client';
import { useLiveEvents } from './useLive';

// One directory of gateway and sensor names per console session, shared by every page that turns ids
// into names. Refreshed when it is older than MAX_AGE and when a gateway changes.
const MAX_AGE = 30_000;

let gateways = new Map<string, GatewayView>();
let gatewaysAt = 0;
let gatewaysLoading = false;
const sensors = new Map<string, Map<string, SensorView>>();
const sensorsAt = new Map<string, number>();
const sensorsLoading = new Set<string>();
let version = 0;
const listeners = new Set<() => void>();

function changed(): void {
  version += 1;
  for (const l of listeners) l();
}

function loadGateways(force = false): void {
  if (gatewaysLoading || (!force && Date.now() - gatewaysAt < MAX_AGE)) return;
  gatewaysLoading = true;
  api.gateways().then(
    (list) => {
      gateways = new Map(list.map((g) => [g.id, g]));
      gatewaysAt = Date.now();
      gatewaysLoading = false;
      changed();
    },
    () => {
      gatewaysLoading = false;
    },
  );
}

// one gateway's name, for a page that names a few gateways and should not load the whole list
const gatewayAt = new Map<string, number>();
function loadGateway(id: string): void {
  if (gateways.has(id) || Date.now() - (gatewayAt.get(id) ?? 0) < MAX_AGE) return;
  gatewayAt.set(id, Date.now());
  api.gateway(id).then(
    (g) => {
      gateways = new Map(gateways).set(g.id, g);
      changed();
    },
    () => undefined,
  );
}

function loadSensors(gatewayId: string): void {
  if (sensorsLoading.has(gatewayId) || Date.now() - (sensorsAt.get(gatewayId) ?? 0) < MAX_AGE) return;
  sensorsLoading.add(gatewayId);
  api.sensors(gatewayId).then(
    (list) => {
      sensors.set(gatewayId, new Map(list.map((s) => [s.id, s])));
      sensorsAt.set(gatewayId, Date.now());
      sensorsLoading.delete(gatewayId);
      changed();
    },
    () => {
      // an unknown gateway: do not ask again for a while
      sensorsAt.set(gatewayId, Date.now());
      sensorsLoading.delete(gatewayId);
    },
  );
}

const subscribe = (fn: () => void) => {
  listeners.add(fn);
  return () => listeners.delete(fn);
};

const NAMES: Names = {
  gatewayName: (id) => gateways.get(id)?.name,
  sensor: (gw, sid) => sensors.get(gw)?.get(sid),
};

/**
 * Names for ids: every gateway, and the sensors of `gatewayIds` (loaded on demand). The returned object
 * changes identity whenever names arrive, so memoised renderings update. `allGateways: false` loads only
 * the named gateways, one by one (the overview names at most five; the whole list is ~300 kB for 1 000).
 */
export function useNames(gatewayIds: readonly string[] = [], allGateways = true): Names {
  const v = useSyncExternalStore(subscribe, () => version);
  const wanted = [...new Set(gatewayIds)].sort().join('\n');
  useEffect(() => {
    const ids = wanted ? wanted.split('\n') : [];
    if (allGateways) loadGateways();
    else for (const id of ids) loadGateway(id);
    for (const id of ids) loadSensors(id);
  }, [wanted, allGateways]);
  useLiveEvents((ev) => {
    if (ev.type === 'gateway') {
      const known = gateways.get(ev.gateway.id);
      if (!known || known.name !== ev.gateway.name) {
        gateways = new Map(gateways).set(ev.gateway.id, ev.gateway);
        changed();
      }
    }
  });
  return useMemo(() => ({ ...NAMES, version: v }), [v]);
}

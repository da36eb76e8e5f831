import { useEffect, useSyncExternalStore } from 'react';
import { api } from '../net/client';
import { noteSiteZone, subscribeZone, zoneState } from '../lib/timezone';

let snapshot = zoneState();
const subscribe = (l: () => void) =>
  subscribeZone(() => {
    snapshot = zoneState();
    l();
  });

/** The zone the console's times read in, and the two it can switch between. */
export function useZone() {
  return useSyncExternalStore(subscribe, () => snapshot);
}

/** Learns the site PC's zone once (from the overview) so "site time" can be offered. */
export function useSiteZoneLoader(): void {
  useEffect(() => {
    const ac = new AbortController();
    api.overview(ac.signal).then(
      (o) => noteSiteZone(o.site.timeZone),
      () => undefined, // the site is away: the browser's zone stays
    );
    return () => ac.abort();
  }, []);
}

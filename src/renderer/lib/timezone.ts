// Which clock the console's times read: the browser's zone or the site PC's (switchable, remembered).
import { browserZone } from './browser-zone.js';
import { setDisplayZone } from './format.js';

export type ZoneChoice = 'browser' | 'site';
export const ZONE_KEY = 'edgeSite.zone';

let choice: ZoneChoice = readChoice();
let siteZone: string | null = null;
const listeners = new Set<() => void>();

function readChoice(): ZoneChoice {
  try {
    return localStorage.getItem(ZONE_KEY) === 'site' ? 'site' : 'browser';
  } catch {
    return 'browser'; // storage unavailable
  }
}

/** The zone times are shown in: the site's when picked and known, else the browser's. */
export function shownZone(c: ZoneChoice, site: string | null, browser: string): string {
  return c === 'site' && site ? site : browser;
}

function apply(): void {
  const zone = shownZone(choice, siteZone, browserZone());
  setDisplayZone(zone === browserZone() ? undefined : zone);
  for (const l of listeners) l();
}

export function setZoneChoice(c: ZoneChoice): void {
  choice = c;
  try {
    localStorage.setItem(ZONE_KEY, c);
  } catch {
    /* storage unavailable */
  }
  apply();
}

export function noteSiteZone(zone: string | undefined): void {
  if (!zone || zone === siteZone) return;
  siteZone = zone;
  apply();
}

export function zoneState(): { choice: ZoneChoice; site: string | null; browser: string; shown: string } {
  return {
    choice,
    site: siteZone,
    browser: browserZone(),
    shown: shownZone(choice, siteZone, browserZone()),
  };
}

export function subscribeZone(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

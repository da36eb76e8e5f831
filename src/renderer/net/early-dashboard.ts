// A dashboard address's second round of early GETs (boot.ts): once the dashboard list (sent early) is in,
// the opened dashboard's gateways and sensor lists, asked as DashboardView asks them. Its charts are built
// once those names and units are in, so they come in while the page's script is still evaluated, and the
// charts are built while the site works on their series, not after (bench round 22, 50-sensor chart).
import type { DashboardList } from '../../shared/dashboards.js';
import { dashboardGateways, needsEveryGateway } from '../lib/dashboards.js';
import { seg } from '../lib/url.js';
import { sendEarly, takeEarly } from './early-gets.js';

/** the dashboard id in a console route (`/dashboards/7`), '' for `/dashboards` (the first one opens) */
export function dashboardAt(route: string): string | null {
  const m = /^\/dashboards(?:\/([^/?#]+))?\/?(?:[?#]|$)/.exec(route);
  return m ? decodeURIComponent(m[1] ?? '') : null;
}

/** the GETs DashboardView asks for the dashboard `id` ('' = the first) of `list` */
export function dashboardRequests(list: DashboardList, id: string): string[] {
  const d = id ? list.data.find((x) => String(x.id) === id) : list.data[0];
  if (!d) return [];
  const gateways = dashboardGateways(d.widgets);
  const sensors = gateways.map((g) => `/gateways/${seg(g)}/sensors`);
  if (needsEveryGateway(d.widgets)) return ['/gateways', ...sensors];
  return [...gateways.map((g) => `/gateways/${seg(g)}`), ...sensors];
}

/** after the early `/dashboards`: the opened dashboard's site data (nothing when the list was not sent) */
export function sendEarlyDashboard(route: string): void {
  const id = dashboardAt(route);
  const list = id === null ? null : takeEarly('/dashboards');
  if (!list) return;
  list
    .then((res) => (res.ok ? (res.json() as Promise<DashboardList>) : null))
    .then((body) => body && sendEarly(dashboardRequests(body, id!)))
    // the page asks for itself what is not here
    .catch(() => undefined);
}

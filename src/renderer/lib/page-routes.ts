// Which page App's routes show at a console address (pages/chunks.ts fetches that page's chunk early).
// Keep in step with the <Routes> in App.tsx.

export type PageName =
  | 'AccessPage'
  | 'AlarmsPage'
  | 'ClusterPage'
  | 'DashboardsPage'
  | 'FindGatewaysPage'
  | 'GatewayDetailPage'
  | 'GatewaysPage'
  | 'InternalsPage'
  | 'OverviewPage'
  | 'RegisterPage'
  | 'RuleEditorPage'
  | 'RulesPage'
  | 'SensorPage'
  | 'TimelinePage'
  | 'WallPage'
  | 'WelcomePage';

/** the page App's routes show at `path` (a path, or a `#/…` hash route), null when none is sure */
export function pageAt(path: string): PageName | null {
  const p = path.split(/[?#]/)[0]!.replace(/\/+$/, '') || '/';
  const fixed: Record<string, PageName> = {
    '/': 'OverviewPage',
    '/overview': 'OverviewPage',
    '/gateways': 'GatewaysPage',
    '/gateways/find': 'FindGatewaysPage',
    '/alarms': 'AlarmsPage',
    '/timeline': 'TimelinePage',
    '/rules': 'RulesPage',
    '/register': 'RegisterPage',
    '/cluster': 'ClusterPage',
    '/access': 'AccessPage',
    '/internals': 'InternalsPage',
    '/welcome': 'WelcomePage',
    '/wall': 'WallPage',
    '/dashboards': 'DashboardsPage',
  };
  if (fixed[p]) return fixed[p];
  if (/^\/dashboards\/[^/]+$/.test(p)) return 'DashboardsPage';
  if (/^\/rules\/[^/]+$/.test(p)) return 'RuleEditorPage';
  if (/^\/gateways\/[^/]+\/sensors\/[^/]+$/.test(p)) return 'SensorPage';
  if (/^\/gateways\/[^/]+$/.test(p)) return 'GatewayDetailPage';
  return null;
}

/** the open alarms every page loads for the header's count (useOpenAlarms), asked as `api.openAlarms` does */
export const OPEN_ALARMS_PATH = '/alarms?open=true&limit=1000';

/**
 * The GETs the console asks first at `path` (boot.ts sends them early, net/early-gets.ts): on every page
 * the site overview (the zone loader, the overview's cards) and the open alarms (the header's count);
 * the page's own list where it has one (the overview: the demo's state, its notice). Keep in step with the
 * pages' first requests: a path asked otherwise is only an unused answer (dashboards.e2e.js checks that a
 * dashboard's are each asked once).
 */
export function earlyRequestsAt(path: string): string[] {
  const always = ['/overview', OPEN_ALARMS_PATH];
  const page = pageAt(path);
  if (page === 'OverviewPage') return [...always, '/demo'];
  if (page === 'GatewaysPage') return [...always, '/gateways'];
  // the dashboard's charts: unit names and thresholds (its gateways follow the list: early-dashboard.ts)
  if (page === 'DashboardsPage') return [...always, '/dashboards', '/sensorTypes', '/rules'];
  return always;
}

/**
 * The early GET whose answer the page at `path` draws its first render from (hooks/useApi's `initial`):
 * main.tsx waits a little for it, so the page comes with its content instead of a loading state first.
 */
export function firstRenderDataAt(path: string): string | null {
  const page = pageAt(path);
  if (page === 'OverviewPage') return '/overview';
  if (page === 'GatewaysPage') return '/gateways';
  return null;
}

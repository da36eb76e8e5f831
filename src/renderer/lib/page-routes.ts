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

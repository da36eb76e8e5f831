// The pages' chunks, and which one a console address opens: boot.ts fetches that page's chunk beside the
// console's main script instead of after the shell's first render (a lazy page otherwise waits for main's
// evaluation, then its own chunk, then that chunk's imports). No React here: boot.ts imports it first.
export const PAGES = {
  AccessPage: () => import('./AccessPage'),
  AlarmsPage: () => import('./AlarmsPage'),
  ClusterPage: () => import('./ClusterPage'),
  DashboardsPage: () => import('./DashboardsPage'),
  FindGatewaysPage: () => import('./FindGatewaysPage'),
  GatewayDetailPage: () => import('./GatewayDetailPage'),
  GatewaysPage: () => import('./GatewaysPage'),
  InternalsPage: () => import('./InternalsPage'),
  OverviewPage: () => import('./OverviewPage'),
  RegisterPage: () => import('./RegisterPage'),
  RuleEditorPage: () => import('./RuleEditorPage'),
  RulesPage: () => import('./RulesPage'),
  SensorPage: () => import('./SensorPage'),
  TimelinePage: () => import('./TimelinePage'),
  WallPage: () => import('./WallPage'),
  WelcomePage: () => import('./WelcomePage'),
};

export type PageName = keyof typeof PAGES;

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

/** starts fetching (and evaluating) the chunk of the page at `loc`; the lazy page finds it loaded */
export function preloadPageAt(loc: { protocol: string; pathname: string; hash: string }): void {
  const route = loc.hash.startsWith('#/') ? loc.hash.slice(1) : loc.protocol === 'file:' ? '/' : loc.pathname;
  const page = pageAt(route);
  // a failed fetch is the lazy page's to report when it renders
  if (page) PAGES[page]().catch(() => undefined);
}

// The pages' chunks, and which one a console address opens: boot.ts fetches that page's chunk beside the
// console's main script instead of after the shell's first render (a lazy page otherwise waits for main's
// evaluation, then its own chunk, then that chunk's imports). No React here: boot.ts imports it first.
import { pageAt, type PageName } from '../lib/page-routes';

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
} satisfies Record<PageName, () => Promise<unknown>>;

/** starts fetching (and evaluating) the chunk of the page at `loc`; the lazy page finds it loaded */
export function preloadPageAt(loc: { protocol: string; pathname: string; hash: string }): void {
  const route = loc.hash.startsWith('#/') ? loc.hash.slice(1) : loc.protocol === 'file:' ? '/' : loc.pathname;
  const page = pageAt(route);
  // a failed fetch is the lazy page's to report when it renders
  if (page) PAGES[page]().catch(() => undefined);
}

// Every page is its own chunk, fetched when first opened: a console load evaluates the shell and the page
// it opens, not every page nor uPlot (only the chart pages import it) (issue 15, overview < 500 ms).
import { lazy } from 'react';

export const AccessPage = lazy(() => import('./AccessPage').then((m) => ({ default: m.AccessPage })));
export const InternalsPage = lazy(() =>
  import('./InternalsPage').then((m) => ({ default: m.InternalsPage })),
);
export const RuleEditorPage = lazy(() =>
  import('./RuleEditorPage').then((m) => ({ default: m.RuleEditorPage })),
);
export const FindGatewaysPage = lazy(() =>
  import('./FindGatewaysPage').then((m) => ({ default: m.FindGatewaysPage })),
);
export const WallPage = lazy(() => import('./WallPage').then((m) => ({ default: m.WallPage })));
export const AlarmsPage = lazy(() => import('./AlarmsPage').then((m) => ({ default: m.AlarmsPage })));
export const ClusterPage = lazy(() => import('./ClusterPage').then((m) => ({ default: m.ClusterPage })));
export const DashboardsPage = lazy(() =>
  import('./DashboardsPage').then((m) => ({ default: m.DashboardsPage })),
);
export const GatewayDetailPage = lazy(() =>
  import('./GatewayDetailPage').then((m) => ({ default: m.GatewayDetailPage })),
);
export const GatewaysPage = lazy(() => import('./GatewaysPage').then((m) => ({ default: m.GatewaysPage })));
export const OverviewPage = lazy(() => import('./OverviewPage').then((m) => ({ default: m.OverviewPage })));
export const WelcomePage = lazy(() => import('./WelcomePage').then((m) => ({ default: m.WelcomePage })));
export const RegisterPage = lazy(() => import('./RegisterPage').then((m) => ({ default: m.RegisterPage })));
export const RulesPage = lazy(() => import('./RulesPage').then((m) => ({ default: m.RulesPage })));
export const SensorPage = lazy(() => import('./SensorPage').then((m) => ({ default: m.SensorPage })));
export const TimelinePage = lazy(() => import('./TimelinePage').then((m) => ({ default: m.TimelinePage })));

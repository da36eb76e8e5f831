// Every page is its own chunk, fetched when first opened (or by boot.ts for the address the console opens
// on): a console load evaluates the shell and the page it opens, not every page nor uPlot (only the chart
// pages import it) (issue 15, overview < 500 ms).
import { lazy } from 'react';
import { PAGES } from './chunks';

export const AccessPage = lazy(() => PAGES.AccessPage().then((m) => ({ default: m.AccessPage })));
export const AlarmsPage = lazy(() => PAGES.AlarmsPage().then((m) => ({ default: m.AlarmsPage })));
export const ClusterPage = lazy(() => PAGES.ClusterPage().then((m) => ({ default: m.ClusterPage })));
export const DashboardsPage = lazy(() => PAGES.DashboardsPage().then((m) => ({ default: m.DashboardsPage })));
export const FindGatewaysPage = lazy(() =>
  PAGES.FindGatewaysPage().then((m) => ({ default: m.FindGatewaysPage })),
);
export const GatewayDetailPage = lazy(() =>
  PAGES.GatewayDetailPage().then((m) => ({ default: m.GatewayDetailPage })),
);
export const GatewaysPage = lazy(() => PAGES.GatewaysPage().then((m) => ({ default: m.GatewaysPage })));
export const InternalsPage = lazy(() => PAGES.InternalsPage().then((m) => ({ default: m.InternalsPage })));
export const OverviewPage = lazy(() => PAGES.OverviewPage().then((m) => ({ default: m.OverviewPage })));
export const RegisterPage = lazy(() => PAGES.RegisterPage().then((m) => ({ default: m.RegisterPage })));
export const RuleEditorPage = lazy(() => PAGES.RuleEditorPage().then((m) => ({ default: m.RuleEditorPage })));
export const RulesPage = lazy(() => PAGES.RulesPage().then((m) => ({ default: m.RulesPage })));
export const SensorPage = lazy(() => PAGES.SensorPage().then((m) => ({ default: m.SensorPage })));
export const TimelinePage = lazy(() => PAGES.TimelinePage().then((m) => ({ default: m.TimelinePage })));
export const WallPage = lazy(() => PAGES.WallPage().then((m) => ({ default: m.WallPage })));
export const WelcomePage = lazy(() => PAGES.WelcomePage().then((m) => ({ default: m.WelcomePage })));

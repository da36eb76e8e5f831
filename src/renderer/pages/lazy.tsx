// Every page is its own chunk, fetched when first opened (or by boot.ts for the address the console opens
// on): a console load evaluates the shell and the page it opens, not every page nor uPlot (only the chart
// pages import it) (issue 15, overview < 500 ms).
import { lazy, useState, type ComponentType } from 'react';
import type { PageName } from '../lib/page-routes';
import { loadPage, loadedPage, type PageComponent } from './chunks';

/**
 * The page `name`: rendered at once when its chunk is already in (boot.ts fetched it beside main, or an
 * idle preload did), else suspended until it is. Not suspending matters: React 19 reveals a boundary's
 * content no sooner than 300 ms after its fallback appeared, and the overview, its chunk in long before,
 * was shown 300 ms after the shell (bench round 22).
 */
function page<K extends PageName>(name: K): PageComponent<K> {
  type Props = Record<string, unknown>;
  const pick = (m: unknown) => (m as Record<string, ComponentType<Props>>)[name]!;
  const Lazy = lazy(() => loadPage(name).then((m) => ({ default: pick(m) })));
  function Page(props: Props) {
    // chosen once per mount: switching from the lazy wrapper to the component would remount the page
    const [C] = useState<ComponentType<Props>>(() => {
      const ready = loadedPage(name);
      return ready ? (ready as ComponentType<Props>) : Lazy;
    });
    return <C {...props} />;
  }
  Page.displayName = name;
  return Page as unknown as PageComponent<K>;
}

export const AccessPage = page('AccessPage');
export const AlarmsPage = page('AlarmsPage');
export const ClusterPage = page('ClusterPage');
export const DashboardsPage = page('DashboardsPage');
export const FindGatewaysPage = page('FindGatewaysPage');
export const GatewayDetailPage = page('GatewayDetailPage');
export const GatewaysPage = page('GatewaysPage');
export const InternalsPage = page('InternalsPage');
export const OverviewPage = page('OverviewPage');
export const RegisterPage = page('RegisterPage');
export const RuleEditorPage = page('RuleEditorPage');
export const RulesPage = page('RulesPage');
export const SensorPage = page('SensorPage');
export const TimelinePage = page('TimelinePage');
export const WallPage = page('WallPage');
export const WelcomePage = page('WelcomePage');

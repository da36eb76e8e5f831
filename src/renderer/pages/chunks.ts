// The pages' chunks, and which one a console address opens: boot.ts fetches that page's chunk beside the
// console's main script instead of after the shell's first render (a lazy page otherwise waits for main's
// evaluation, then its own chunk, then that chunk's imports). No React here: boot.ts imports it first.
import { oneByOneWhenIdle } from '../lib/idle-queue';
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

type PageModules = { [K in PageName]: Awaited<ReturnType<(typeof PAGES)[K]>> };
/** each page's component, by its name, as its chunk exports it */
export type PageComponent<K extends PageName> = PageModules[K][K & keyof PageModules[K]];

const loaded: Partial<PageModules> = {};

/** the page's chunk, kept once in (so `loadedPage` can hand it out without waiting) */
export function loadPage<K extends PageName>(name: K): Promise<PageModules[K]> {
  return (PAGES[name]() as Promise<PageModules[K]>).then((m) => (loaded[name] = m));
}

/** the page's component if its chunk is in, else undefined */
export function loadedPage<K extends PageName>(name: K): PageComponent<K> | undefined {
  const m = loaded[name];
  return m && ((m as Record<string, unknown>)[name] as PageComponent<K>);
}

/**
 * Every page's chunk, fetched while the console is idle: opening another page then renders at once. One
 * page per idle moment: asking for all sixteen in one idle callback made a task of ~55 ms (Chromium's long
 * animation frames, bench/README.md round 24) while a dashboard drew live values.
 */
export function preloadAllPages(whenIdle: (fn: () => void) => void): Promise<void> {
  return oneByOneWhenIdle(Object.keys(PAGES) as PageName[], loadPage, whenIdle);
}

export interface ConsoleLocation {
  protocol: string;
  pathname: string;
  hash: string;
}

/** the console route at `loc`: a `#/…` hash route, the path (history routing), `/` in the desktop window */
export function routeOf(loc: ConsoleLocation): string {
  return loc.hash.startsWith('#/') ? loc.hash.slice(1) : loc.protocol === 'file:' ? '/' : loc.pathname;
}

let opening: Promise<void> = Promise.resolve();

/** starts fetching (and evaluating) the chunk of the page at `loc`; the lazy page finds it loaded */
export function preloadPageAt(loc: ConsoleLocation): void {
  const page = pageAt(routeOf(loc));
  // a failed fetch is the lazy page's to report when it renders
  if (page) opening = loadPage(page).then(noop, noop);
}

const noop = () => undefined;

/** settles when the chunk preloadPageAt fetches is in, or failed: main.tsx renders then, the page included */
export function openingPage(): Promise<void> {
  return opening;
}

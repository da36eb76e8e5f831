import { Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Navigate, Route, Routes, useParams } from 'react-router';
import { live } from './net/live';
import { useLiveLostAt, useLiveState } from './hooks/useLive';
import { useNow } from './hooks/useNow';
import { formatDuration, formatTime } from './lib/format';
import { setLanguage } from './i18n';
import { AlarmIndicator } from './components/alarms/AlarmIndicator';
import { ThemeToggle } from './components/floor/ThemeToggle';
import { ZoneToggle } from './components/ZoneToggle';
import { useSiteZoneLoader, useZone } from './hooks/useZone';
import type { Role } from '../shared/auth';
import { UserMenu, useSession } from './components/auth/AuthGate';
import {
  AccessPage,
  AlarmsPage,
  ClusterPage,
  DashboardsPage,
  FindGatewaysPage,
  GatewayDetailPage,
  GatewaysPage,
  InternalsPage,
  OverviewPage,
  RegisterPage,
  RuleEditorPage,
  RulesPage,
  SensorPage,
  TimelinePage,
  WallPage,
  WelcomePage,
} from './pages/lazy';
import { Loading } from './components/State';

const NAV = [
  { to: '/overview', key: 'overview', icon: '◧' },
  { to: '/dashboards', key: 'dashboards', icon: '▦' },
  { to: '/gateways', key: 'gateways', icon: '⌬' },
  { to: '/alarms', key: 'alarms', icon: '⚠' },
  { to: '/timeline', key: 'timeline', icon: '☰' },
  { to: '/rules', key: 'rules', icon: '⚑' },
  // registering a gateway is a write: not offered to viewers (the API would answer 403)
  { to: '/register', key: 'register', icon: '+', minRole: 'technician' },
  { to: '/cluster', key: 'cluster', icon: '⛁' },
  { to: '/access', key: 'access', icon: '♟', minRole: 'admin' },
] as const satisfies ReadonlyArray<{ to: string; key: string; icon: string; minRole?: Role }>;

function LiveIndicator() {
  const { t } = useTranslation();
  const state = useLiveState();
  return (
    <div className={`live live-${state}`} title={t(`live.hint.${state}`)}>
      <span className="live-dot" aria-hidden="true" />
      <span data-testid="live-state" data-state={state}>
        {t(`badge.${state}`)}
      </span>
      {state !== 'live' && (
        <button type="button" className="btn btn-link btn-small" onClick={() => live.retry()}>
          {t('live.retry')}
        </button>
      )}
    </div>
  );
}

// A page belongs to one gateway / sensor: a new id mounts a new page, so no state (an open Edit form, a
// loaded answer, a chart) carries over from the previous one.
function GatewayRoute() {
  const { gatewayId = '' } = useParams();
  return <GatewayDetailPage key={gatewayId} />;
}

function RuleRoute() {
  const { ruleId = 'new' } = useParams();
  return <RuleEditorPage key={ruleId} />;
}

function SensorRoute() {
  const { gatewayId = '', sensorId = '' } = useParams();
  return <SensorPage key={`${gatewayId}\n${sensorId}`} />;
}

/** While the live stream is lost, everything shown is as of then: say so, and grey the values. */
function StaleBanner({ lostAt }: { lostAt: number }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  return (
    <div className="stale-banner" role="status" data-testid="stale-banner">
      <strong>{t('live.staleTitle')}</strong>{' '}
      {t('live.staleText', { time: formatTime(lostAt), ago: formatDuration(now - lostAt) })}
    </div>
  );
}

export function App() {
  const { t, i18n } = useTranslation();
  const lostAt = useLiveLostAt();
  const [navOpen, setNavOpen] = useState(false);
  useSiteZoneLoader();
  // every page formats its times again (remounted) when the zone they read in changes
  const zone = useZone().shown;
  const session = useSession();

  useEffect(() => {
    live.start();
    return () => live.stop();
  }, []);

  return (
    <div className="shell">
      <aside className={`sidebar${navOpen ? ' open' : ''}`} id="site-nav">
        <div className="brand">
          <span className="brand-mark">ES</span>
          <div>
            <div className="brand-name">Edge Site</div>
            <div className="brand-sub">{t('app.subtitle')}</div>
          </div>
        </div>
        <nav>
          {NAV.filter((n) => !('minRole' in n) || session.can(n.minRole)).map((n) => (
            <NavLink
              key={n.key}
              to={n.to}
              data-testid={`nav-${n.key}`}
              className="nav-link"
              title={t(`nav.${n.key}`)}
              onClick={() => setNavOpen(false)}
            >
              <span className="nav-icon" aria-hidden="true">
                {n.icon}
              </span>
              <span className="nav-label">{t(`nav.${n.key}`)}</span>
            </NavLink>
          ))}
        </nav>
      </aside>
      <div className="main">
        <header className="topbar">
          <button
            type="button"
            className="btn nav-toggle"
            aria-controls="site-nav"
            aria-expanded={navOpen}
            aria-label={t('app.menu')}
            data-testid="nav-toggle"
            onClick={() => setNavOpen((o) => !o)}
          >
            ☰
          </button>
          <div className="topbar-title">{t('app.title')}</div>
          <div className="topbar-right">
            <AlarmIndicator />
            <LiveIndicator />
            <ZoneToggle />
            <ThemeToggle />
            <select
              className="lang"
              aria-label={t('app.language')}
              value={i18n.language.startsWith('ko') ? 'ko' : 'en'}
              onChange={(e) => setLanguage(e.target.value)}
            >
              <option value="en">English</option>
              <option value="ko">한국어</option>
            </select>
            <UserMenu />
          </div>
        </header>
        <main className={`content${lostAt !== null ? ' stale' : ''}`}>
          {lostAt !== null && <StaleBanner lostAt={lostAt} />}
          <Suspense fallback={<Loading />}>
            <Routes key={zone}>
              <Route path="/" element={<Navigate to="/overview" replace />} />
              <Route path="/overview" element={<OverviewPage />} />
              <Route path="/gateways" element={<GatewaysPage />} />
              <Route path="/gateways/find" element={<FindGatewaysPage />} />
              <Route path="/gateways/:gatewayId" element={<GatewayRoute />} />
              <Route path="/gateways/:gatewayId/sensors/:sensorId" element={<SensorRoute />} />
              <Route path="/alarms" element={<AlarmsPage />} />
              <Route path="/timeline" element={<TimelinePage />} />
              <Route path="/rules" element={<RulesPage />} />
              <Route path="/rules/:ruleId" element={<RuleRoute />} />
              <Route path="/register" element={<RegisterPage />} />
              <Route path="/cluster" element={<ClusterPage />} />
              <Route path="/access" element={<AccessPage />} />
              {/* the plant overview's companions (issue 15): software figures, the first-run guide */}
              <Route path="/internals" element={<InternalsPage />} />
              <Route path="/welcome" element={<WelcomePage />} />
              <Route path="/dashboards" element={<DashboardsPage />} />
              <Route path="/dashboards/:id" element={<DashboardsPage />} />
              <Route path="/wall" element={<WallPage />} />
              <Route path="*" element={<Navigate to="/overview" replace />} />
            </Routes>
          </Suspense>
        </main>
      </div>
    </div>
  );
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { Dashboard, GeneratedDashboard } from '../../shared/dashboards';
import { clockTime } from '../components/dashboard/view';
import { WidgetGrid } from '../components/dashboard/WidgetGrid';
import '../components/dashboard/dashboard.css';
import { ErrorBox, Loading } from '../components/State';
import { useApi } from '../hooks/useApi';
import { useLiveLostAt } from '../hooks/useLive';
import { useNow } from '../hooks/useNow';
import { useSensorTypes } from '../hooks/useSensorTypes';
import { useLastValueAt, useSiteData } from '../hooks/useSiteData';
import { freshness } from '../lib/dashboards';
import { formatDuration } from '../lib/format';
import { dashboardsApi } from '../net/dashboards';

const EVERY_KEY = 'edgeSite.wallEvery';
export const WALL_INTERVALS = [10, 30, 60, 120, 300] as const;
/** no value for this long while values were arriving: the floor is told the data may be old */
const DEFAULT_QUIET_S = 120;

function savedEvery(): number {
  try {
    const v = Number(localStorage.getItem(EVERY_KEY));
    return (WALL_INTERVALS as readonly number[]).includes(v) ? v : 30;
  } catch {
    return 30;
  }
}

async function loadWall(signal: AbortSignal): Promise<Array<Dashboard | GeneratedDashboard>> {
  const list = await dashboardsApi.list(signal);
  return list.data.length > 0 ? list.data : [await dashboardsApi.generated(signal)];
}

/**
 * Wall mode: full screen, large type, the dashboards in turn (← → or the buttons, Space pauses, Esc
 * leaves), and a loud stale state while the live stream is lost or values stop, clearing by itself.
 */
export function WallPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const state = useApi(loadWall, []);
  const site = useSiteData(null);
  const lastValueAt = useLastValueAt();
  const types = useSensorTypes();
  const lostAt = useLiveLostAt();
  const now = useNow(1000);
  const [every, setEvery] = useState(savedEvery);
  const [paused, setPaused] = useState(false);
  const [index, setIndex] = useState(0);
  const quietMs = (Number(search.get('quiet')) || DEFAULT_QUIET_S) * 1000;
  const boards = state.data ?? [];
  const count = boards.length;
  const board = count ? boards[index % count] : undefined;
  const fresh = freshness(lostAt, lastValueAt, now, quietMs);

  useEffect(() => {
    if (paused || count < 2) return;
    const timer = setInterval(() => setIndex((i) => (i + 1) % count), every * 1000);
    return () => clearInterval(timer);
  }, [paused, count, every, index]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLSelectElement) return;
      if (e.key === 'ArrowRight') setIndex((i) => i + 1);
      else if (e.key === 'ArrowLeft') setIndex((i) => (i + Math.max(1, count) - 1) % Math.max(1, count));
      else if (e.key === ' ') setPaused((p) => !p);
      else if (e.key === 'Escape') void navigate('/dashboards');
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [count, navigate]);

  const changeEvery = (v: number) => {
    setEvery(v);
    try {
      localStorage.setItem(EVERY_KEY, String(v));
    } catch {
      /* storage unavailable */
    }
  };

  return (
    <div
      className={`wall${fresh.state !== 'fresh' ? ' wall-stale' : ''}`}
      data-testid="wall"
      data-fresh={fresh.state}
    >
      <header className="wall-head">
        <h1 data-testid="wall-title">
          {board ? (board.id === null ? t('dash.defaultName') : board.name) : t('dash.wall')}
        </h1>
        <span className="wall-clock">{clockTime(now, i18n.language)}</span>
        <div className="wall-controls">
          {count > 1 && (
            <span className="wall-pos" aria-live="polite">
              {(index % count) + 1} / {count}
            </span>
          )}
          <button
            type="button"
            className="btn"
            onClick={() => setIndex((i) => (i + count - 1) % Math.max(1, count))}
            aria-label={t('dash.wallPrev')}
          >
            ←
          </button>
          <button type="button" className="btn" onClick={() => setPaused((p) => !p)} data-testid="wall-pause">
            {paused ? t('dash.wallResume') : t('dash.wallPause')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => setIndex((i) => i + 1)}
            aria-label={t('dash.wallNext')}
          >
            →
          </button>
          <select
            className="lang"
            aria-label={t('dash.wallEvery')}
            value={every}
            onChange={(e) => changeEvery(Number(e.target.value))}
            data-testid="wall-every"
          >
            {WALL_INTERVALS.map((s) => (
              <option key={s} value={s}>
                {t('dash.everySeconds', { count: s })}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn"
            onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}
          >
            {t('dash.fullscreen')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => void navigate('/dashboards')}
            data-testid="wall-exit"
          >
            ✕ {t('dash.wallExit')}
          </button>
        </div>
      </header>
      {fresh.state !== 'fresh' && (
        <div className="wall-alert" role="alert" data-testid="wall-stale" data-state={fresh.state}>
          <strong>
            {t(fresh.state === 'offline' ? 'dash.staleOffline' : 'dash.staleQuiet', {
              duration: formatDuration(now - fresh.since),
            })}
          </strong>
          <span>{t('dash.lastUpdate', { time: clockTime(fresh.since, i18n.language) })}</span>
        </div>
      )}
      {!state.data && (state.error ? <ErrorBox error={state.error} onRetry={state.reload} /> : <Loading />)}
      {board && (
        <WidgetGrid
          key={board.id ?? 'default'}
          className="wall-grid"
          widgets={board.widgets}
          site={site}
          types={types}
        />
      )}
    </div>
  );
}

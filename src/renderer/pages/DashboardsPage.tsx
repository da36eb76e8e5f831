import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { Dashboard, GeneratedDashboard } from '../../shared/dashboards';
import { PageHeader } from '../components/Card';
import { DashboardView } from '../components/dashboard/DashboardView';
import { ErrorBox, Loading } from '../components/State';
import { useApi } from '../hooks/useApi';
import { errorMessage } from '../net/client';
import { dashboardsApi } from '../net/dashboards';
import { ReadOnlyNote, RequireRole } from '../components/auth/RequireRole';

interface Listing {
  dashboards: Dashboard[];
  /** only when the site has none: what it would show */
  generated: GeneratedDashboard | null;
}

async function loadListing(signal: AbortSignal): Promise<Listing> {
  const list = await dashboardsApi.list(signal);
  return {
    dashboards: list.data,
    generated: list.data.length === 0 ? await dashboardsApi.generated(signal) : null,
  };
}

/** Dashboards: the site's dashboards as tabs, the open one drawn live; new, import, wall mode. */
export function DashboardsPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  // another screen's or node's change shows here; an open editor keeps its draft (DashboardView)
  const state = useApi(loadListing, [], { refreshOn: 'dashboards' });
  const fileInput = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  // what the site answered goes straight into the list, so the tab is there before any reload
  const put = (d: Dashboard) =>
    state.setData((l) => {
      const list = l?.dashboards ?? [];
      const has = list.some((x) => x.id === d.id);
      return { generated: null, dashboards: has ? list.map((x) => (x.id === d.id ? d : x)) : [...list, d] };
    });

  const create = async () => {
    try {
      const d = await dashboardsApi.create({ name: t('dash.newName'), widgets: [] });
      put(d);
      void navigate(`/dashboards/${d.id}?edit=1`);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const importFile = async (file: File) => {
    setError(null);
    try {
      const parsed: unknown = JSON.parse(await file.text());
      const d = await dashboardsApi.importFile(parsed);
      put(d);
      void navigate(`/dashboards/${d.id}`);
    } catch (e) {
      setError(e instanceof SyntaxError ? t('dash.importNotJson') : errorMessage(e));
    }
  };

  const listing = state.data;
  const current: Dashboard | GeneratedDashboard | undefined = listing
    ? (listing.dashboards.find((d) => String(d.id) === id) ??
      (id ? undefined : (listing.dashboards[0] ?? listing.generated ?? undefined)))
    : undefined;

  return (
    <div className="page dash-page">
      <PageHeader
        title={t('dash.title')}
        sub={t('dash.sub')}
        actions={
          <>
            <RequireRole role="technician">
              <button type="button" className="btn" onClick={() => void create()} data-testid="dashboard-new">
                + {t('dash.new')}
              </button>
            </RequireRole>
            <RequireRole role="technician">
              <button
                type="button"
                className="btn"
                onClick={() => fileInput.current?.click()}
                data-testid="dashboard-import"
              >
                {t('dash.import')}
              </button>
            </RequireRole>
            <input
              ref={fileInput}
              type="file"
              accept="application/json,.json"
              hidden
              data-testid="dashboard-import-file"
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) void importFile(f);
              }}
            />
            <Link className="btn btn-primary" to="/wall" data-testid="wall-mode">
              {t('dash.wall')}
            </Link>
          </>
        }
      />
      <ReadOnlyNote />
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      {!listing && (state.error ? <ErrorBox error={state.error} onRetry={state.reload} /> : <Loading />)}
      {listing && listing.dashboards.length > 0 && (
        <nav className="dash-tabs" aria-label={t('dash.list')} data-testid="dashboard-tabs">
          {listing.dashboards.map((d) => (
            <Link
              key={d.id}
              to={`/dashboards/${d.id}`}
              className={`dash-tab${current?.id === d.id ? ' active' : ''}`}
              aria-current={current?.id === d.id ? 'page' : undefined}
            >
              {d.name}
              <span className="muted small"> · {t('dash.widgets', { count: d.widgets.length })}</span>
            </Link>
          ))}
        </nav>
      )}
      {listing && !current && <ErrorBox error={new Error(t('dash.notFound'))} />}
      {current && (
        <DashboardView
          // ?edit=1 (a dashboard just created) opens a fresh view in edit mode
          key={`${current.id ?? 'default'}:${search.get('edit') ?? ''}`}
          dashboard={current}
          startEditing={search.get('edit') === '1'}
          onSaved={(d) => {
            put(d);
            void navigate(`/dashboards/${d.id}`, { replace: true });
          }}
          onDeleted={() => {
            state.reload();
            void navigate('/dashboards', { replace: true });
          }}
        />
      )}
    </div>
  );
}

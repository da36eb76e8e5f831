import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dashboard, DashboardInput, GeneratedDashboard, Widget } from '../../../shared/dashboards';
import { useSensorTypesLoad } from '../../hooks/useSensorTypes';
import { useSiteData } from '../../hooks/useSiteData';
import { dashboardGateways, needsEveryGateway, placeWidget } from '../../lib/dashboards';
import { errorMessage, saveBlob } from '../../net/client';
import { dashboardsApi } from '../../net/dashboards';
import { ErrorBox, Loading } from '../State';
import { DashboardToolbar } from './DashboardToolbar';
import { WidgetEditor } from './WidgetEditor';
import { WidgetGrid } from './WidgetGrid';
import './dashboard.css';
import { useDialogs } from '../Dialog';

/** A dashboard drawn live; with Edit, its grid, name and widgets change until Save (or Cancel). */
export function DashboardView({
  dashboard,
  onSaved,
  onDeleted,
  startEditing = false,
}: {
  dashboard: Dashboard | GeneratedDashboard;
  onSaved: (d: Dashboard) => void;
  onDeleted: () => void;
  /** open in edit mode (a dashboard just created) */
  startEditing?: boolean;
}) {
  const { t } = useTranslation();
  const dialogs = useDialogs();
  const [draft, setDraft] = useState<DashboardInput | null>(() =>
    startEditing ? { name: dashboard.name, widgets: dashboard.widgets } : null,
  );
  const [editing, setEditing] = useState<Widget | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const shown = draft ?? dashboard;
  // the editor's tree lists every gateway's sensors; viewing needs only the widgets' gateways
  const site = useSiteData(
    draft ? null : dashboardGateways(shown.widgets),
    draft !== null || needsEveryGateway(shown.widgets),
  );
  const { types, settled: typesSettled } = useSensorTypesLoad();
  // the widgets mount once the site's names and units and the sensor types are in (and stay while edit
  // mode reloads them): mounted before, every widget rendered again as each came, the charts' builds and
  // renders in the way of their series' answer (bench round 23)
  const [siteSeen, setSiteSeen] = useState(false);
  if (!siteSeen && typesSettled && (site.loaded || site.error !== null)) setSiteSeen(true);
  const name = dashboard.id === null ? t('dash.defaultName') : dashboard.name;

  const save = async () => {
    if (!draft) return;
    setBusy(true);
    setError(null);
    try {
      const saved =
        dashboard.id === null
          ? await dashboardsApi.create(draft)
          : await dashboardsApi.update(dashboard.id, draft);
      setDraft(null);
      onSaved(saved);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (
      dashboard.id === null ||
      !(await dialogs.confirm(t('dash.confirmDelete', { name }), { danger: true }))
    )
      return;
    try {
      await dashboardsApi.remove(dashboard.id);
      onDeleted();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const exportFile = async () => {
    if (dashboard.id === null) return;
    try {
      const file = await dashboardsApi.exportFile(dashboard.id);
      const safe = dashboard.name.replace(/[^\p{L}\p{N}._-]+/gu, '-');
      saveBlob(
        new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }),
        `dashboard-${safe}.json`,
      );
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const applyWidget = (w: Widget) => {
    setDraft((d) => {
      const base = d ?? { name, widgets: shown.widgets };
      const exists = base.widgets.some((x) => x.id === w.id);
      return {
        ...base,
        widgets: exists ? base.widgets.map((x) => (x.id === w.id ? w : x)) : [...base.widgets, w],
      };
    });
    setEditing(null);
  };

  return (
    <div className="dash-view" data-testid="dashboard-view" data-dashboard-id={dashboard.id ?? 'default'}>
      <DashboardToolbar
        dashboard={dashboard}
        name={name}
        draft={draft}
        busy={busy}
        onDraft={setDraft}
        onAdd={() => draft && setEditing(placeWidget(draft.widgets, 'value', []))}
        onSave={() => void save()}
        onCancel={() => {
          setDraft(null);
          setEditing(null);
          setError(null);
        }}
        onExport={() => void exportFile()}
        onDelete={() => void remove()}
      />
      {draft && <p className="muted small dash-edit-hint">{t('dash.edit.help')}</p>}
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      {'unknownSensors' in dashboard && dashboard.unknownSensors.length > 0 && !draft && (
        <div className="dash-warn" role="status">
          {t('dash.unknownSensors', { count: dashboard.unknownSensors.length })}
        </div>
      )}
      {editing && (
        <WidgetEditor
          key={editing.id}
          initial={editing}
          site={site}
          onSave={applyWidget}
          onCancel={() => setEditing(null)}
        />
      )}
      {site.error && !site.loaded ? <ErrorBox error={site.error} onRetry={site.reload} /> : null}
      {!site.loaded && !site.error ? <Loading /> : null}
      {shown.widgets.length === 0 && <div className="state state-empty">{t('dash.emptyDashboard')}</div>}
      {siteSeen && (
        <WidgetGrid
          widgets={shown.widgets}
          site={site}
          types={types}
          {...(draft
            ? {
                onChange: (widgets: Widget[]) => setDraft({ ...draft, widgets }),
                onEdit: (id: string) => setEditing(draft.widgets.find((w) => w.id === id) ?? null),
              }
            : {})}
        />
      )}
    </div>
  );
}

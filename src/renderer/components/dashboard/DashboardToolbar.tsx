import { useTranslation } from 'react-i18next';
import type { Dashboard, DashboardInput, GeneratedDashboard } from '../../../shared/dashboards';
import { RequireRole } from '../auth/RequireRole';

/** Above a dashboard: its name with Edit, Export, Delete; while editing, the name field, Add, Save, Cancel. */
export function DashboardToolbar({
  dashboard,
  name,
  draft,
  busy,
  onDraft,
  onAdd,
  onSave,
  onCancel,
  onExport,
  onDelete,
}: {
  dashboard: Dashboard | GeneratedDashboard;
  /** the name shown (the generated dashboard's in the user's language) */
  name: string;
  draft: DashboardInput | null;
  busy: boolean;
  onDraft: (d: DashboardInput) => void;
  onAdd: () => void;
  onSave: () => void;
  onCancel: () => void;
  onExport: () => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  if (draft)
    return (
      <div className="dash-toolbar">
        <input
          className="input dash-name"
          value={draft.name}
          maxLength={100}
          aria-label={t('dash.name')}
          onChange={(e) => onDraft({ ...draft, name: e.target.value })}
          data-testid="dashboard-name"
        />
        <button type="button" className="btn" onClick={onAdd} data-testid="add-widget">
          + {t('dash.addWidget')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy || !draft.name.trim()}
          onClick={onSave}
          data-testid="dashboard-save"
        >
          {busy ? t('common.saving') : t('common.save')}
        </button>
        <button type="button" className="btn" onClick={onCancel} data-testid="dashboard-cancel">
          {t('dash.cancel')}
        </button>
      </div>
    );
  return (
    <div className="dash-toolbar">
      <h2 className="dash-title" data-testid="dashboard-title">
        {name}
        {dashboard.id === null && <span className="muted small"> · {t('dash.generated')}</span>}
      </h2>
      <RequireRole role="technician">
        <button
          type="button"
          className="btn"
          onClick={() => onDraft({ name, widgets: dashboard.widgets })}
          data-testid="dashboard-edit"
        >
          {t(dashboard.id === null ? 'dash.customize' : 'common.edit')}
        </button>
      </RequireRole>
      {dashboard.id !== null && (
        <>
          <button type="button" className="btn" onClick={onExport} data-testid="dashboard-export">
            {t('dash.export')}
          </button>
          <RequireRole role="technician">
            <button
              type="button"
              className="btn btn-danger"
              onClick={onDelete}
              data-testid="dashboard-delete"
            >
              {t('common.delete')}
            </button>
          </RequireRole>
        </>
      )}
    </div>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AuditEntry } from '../../../shared/auth';
import { formatTime, fromDateTimeLocal } from '../../lib/format';
import { accessApi, type AuditFilter } from '../../net/access';
import { errorMessage } from '../../net/client';
import { Card } from '../Card';
import { DateTimeInput } from '../DateTimeInput';

const PAGE = 50;

interface Filter {
  actor: string;
  action: string;
  from: string;
  to: string;
}
const NO_FILTER: Filter = { actor: '', action: '', from: '', to: '' };

function toQuery(f: Filter): AuditFilter {
  return {
    ...(f.actor.trim() ? { actor: f.actor.trim() } : {}),
    ...(f.action.trim() ? { action: f.action.trim() } : {}),
    ...(fromDateTimeLocal(f.from) !== null ? { from: fromDateTimeLocal(f.from)! } : {}),
    ...(fromDateTimeLocal(f.to) !== null ? { to: fromDateTimeLocal(f.to)! } : {}),
  };
}

/**
 * The site writes user and token details in English words (`role viewer, password`, `name (technician)`,
 * a bare role for a new user); read them in the reader's language. Anything else is shown as written.
 */
function detailText(e: AuditEntry, t: TFunction): string {
  const detail = e.detail ?? '';
  const role = (r: string) => t(`auth.role.${r}`, { defaultValue: r });
  if (e.action === 'user.create') return role(detail);
  if (e.action === 'user.update')
    return detail
      .split(', ')
      .map((part) =>
        part === 'password'
          ? t('access.detail.password')
          : part.startsWith('role ')
            ? t('access.detail.role', { role: role(part.slice(5)) })
            : part,
      )
      .join(', ');
  return detail.replace(/\((admin|technician|viewer)\)$/, (_m, r: string) => `(${role(r)})`);
}

/** what happened: the action, and for API writes the method and route */
function What({ e }: { e: AuditEntry }) {
  const { t } = useTranslation();
  return (
    <>
      <code>{e.action}</code>
      {e.method && (
        <span className="muted small block">
          {e.method} {e.route}
        </span>
      )}
      {e.detail && <span className="muted small block">{detailText(e, t)}</span>}
    </>
  );
}

function AuditRow({ e }: { e: AuditEntry }) {
  const { t } = useTranslation();
  const failed = e.status !== null ? e.status >= 400 : /\.(failed|limited)$/.test(e.action);
  return (
    <tr data-testid="audit-row" data-action={e.action} data-actor={e.actor ?? ''}>
      <td data-label={t('access.col.when')} className="nowrap">
        {formatTime(e.ts)}
      </td>
      <td data-label={t('access.col.who')}>
        {e.actor ?? <span className="muted">{t('access.unknownActor')}</span>}
        {e.role && <span className="muted small block">{t(`auth.role.${e.role}`)}</span>}
      </td>
      <td data-label={t('access.col.from')} className="nowrap">
        {e.address ?? '—'}
      </td>
      <td data-label={t('access.col.what')}>
        <What e={e} />
      </td>
      <td data-label={t('access.col.resource')} className="audit-resource">
        {e.resource ?? '—'}
      </td>
      <td data-label={t('access.col.result')} className={failed ? 'text-bad' : ''}>
        {e.status ?? t(/\.(failed|limited)$/.test(e.action) ? 'access.refused' : 'access.resultOk')}
      </td>
    </tr>
  );
}

function FilterForm({ onApply }: { onApply: (f: Filter) => void }) {
  const { t } = useTranslation();
  const [f, setF] = useState<Filter>(NO_FILTER);
  const field = (key: keyof Filter, label: string, type = 'text', hint?: string) => (
    <label>
      {label}
      <input
        type={type}
        data-testid={`audit-filter-${key}`}
        value={f[key]}
        onChange={(e) => setF((o) => ({ ...o, [key]: e.target.value }))}
      />
      {hint && <span className="field-hint">{hint}</span>}
    </label>
  );
  return (
    <form
      className="form form-grid access-form audit-filter"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(f);
      }}
    >
      {field('actor', t('access.filterActor'))}
      {field('action', t('access.filterAction'), 'text', t('access.filterActionHint'))}
      {(['from', 'to'] as const).map((key) => (
        <label key={key}>
          {t(key === 'from' ? 'access.filterFrom' : 'access.filterTo')}
          <DateTimeInput
            label={t(key === 'from' ? 'access.filterFrom' : 'access.filterTo')}
            testId={`audit-filter-${key}`}
            value={f[key]}
            onChange={(v) => setF((o) => ({ ...o, [key]: v }))}
            showZone={key === 'to'}
          />
        </label>
      ))}
      <div className="form-submit">
        <button type="submit" className="btn btn-primary" data-testid="audit-apply">
          {t('access.apply')}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => {
            setF(NO_FILTER);
            onApply(NO_FILTER);
          }}
        >
          {t('access.clear')}
        </button>
      </div>
    </form>
  );
}

/** The audit trail, newest first, with filters and paging back ("older") by id. */
export function AuditSection({ refreshKey }: { refreshKey: number }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  const [rows, setRows] = useState<AuditEntry[]>([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (before?: number) => {
      try {
        const res = await accessApi.audit({ ...toQuery(filter), limit: PAGE, ...(before ? { before } : {}) });
        setRows((old) => (before ? [...old, ...res.data] : res.data));
        setMore(res.data.length === PAGE);
        setError(null);
      } catch (e) {
        setError(errorMessage(e));
      }
    },
    [filter],
  );
  useEffect(() => void load(), [load, refreshKey]);

  return (
    <Card title={t('access.audit')} testId="access-audit">
      <FilterForm onApply={setFilter} />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="muted" data-testid="audit-none">
          {t('access.noAudit')}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table access-table" data-testid="audit-table">
            <thead>
              <tr>
                <th>{t('access.col.when')}</th>
                <th>{t('access.col.who')}</th>
                <th>{t('access.col.from')}</th>
                <th>{t('access.col.what')}</th>
                <th>{t('access.col.resource')}</th>
                <th>{t('access.col.result')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <AuditRow key={e.id} e={e} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more && (
        <button
          type="button"
          className="btn"
          data-testid="audit-older"
          onClick={() => void load(rows.at(-1)?.id)}
        >
          {t('access.older')}
        </button>
      )}
    </Card>
  );
}

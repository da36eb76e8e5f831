import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Rule } from '../../shared/model';
import { triggerText } from '../../shared/rules';
import { SeverityBadge } from '../components/Badges';
import { Card, PageHeader } from '../components/Card';
import { Empty, ErrorBox, Loaded } from '../components/State';
import { useApi } from '../hooks/useApi';
import { useNames } from '../hooks/useNames';
import { formatTime } from '../lib/format';
import { gatewayLabel, sensorLabel, sensorUnit, type Names } from '../lib/names';
import { problemsOf } from '../lib/rule-form';
import { ruleInput } from '../lib/rules';
import { api, ApiRequestError, saveBlob } from '../net/client';
import { useDialogs } from '../components/Dialog';
import { ReadOnlyNote, RequireRole } from '../components/auth/RequireRole';

export function RulesPage() {
  const { t } = useTranslation();
  const dialogs = useDialogs();
  const rules = useApi((s) => api.rules(s), [], { refreshOn: 'rules' });
  const [busy, setBusy] = useState<number | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const setRules = rules.setData;
  const names = useNames((rules.data ?? []).map((r) => r.gatewayId));
  const [message, setMessage] = useState<ImportMessage | null>(null);

  const act = async (rule: Rule, what: 'toggle' | 'delete') => {
    if (
      what === 'delete' &&
      !(await dialogs.confirm(t('rules.deleteConfirm', { name: rule.name }), { danger: true }))
    )
      return;
    setBusy(rule.id);
    setActionError(null);
    try {
      if (what === 'delete') {
        await api.deleteRule(rule.id);
        setRules((l) => l?.filter((r) => r.id !== rule.id));
      } else {
        const status = rule.status === 'activated' ? 'deactivated' : 'activated';
        const updated = await api.updateRule(rule.id, { ...ruleInput(rule), status });
        setRules((l) => l?.map((r) => (r.id === rule.id ? (updated ?? { ...r, status }) : r)));
      }
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="page">
      <PageHeader
        title={t('rules.title')}
        sub={t('rules.sub')}
        actions={
          <>
            <RequireRole role="technician">
              <Link to="/rules/new" className="btn btn-primary" data-testid="rules-new">
                + {t('rules.new')}
              </Link>
            </RequireRole>
            <ImportExport onImported={rules.reload} onMessage={setMessage} />
            <button type="button" className="btn" onClick={rules.reload}>
              {t('common.refresh')}
            </button>
          </>
        }
      />
      <ReadOnlyNote />
      {actionError ? <ErrorBox error={actionError} /> : null}
      {message && (
        <div
          className={message.ok ? 'text-ok import-message' : 'state state-error import-message'}
          role="status"
          data-testid="rules-import-message"
        >
          {message.lines.length === 1 ? (
            message.lines[0]
          ) : (
            <ul>
              {message.lines.map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <Card title={t('rules.list')}>
        <Loaded state={rules}>
          {(list) =>
            list.length === 0 ? (
              <Empty title={t('rules.empty')} hint={t('rules.emptyHint')} />
            ) : (
              <div className="table-scroll">
                <table className="table rules-table">
                  <thead>
                    <tr>
                      <th>{t('rules.name')}</th>
                      <th>{t('rules.condition')}</th>
                      <th className="col-opt2">{t('rules.severity')}</th>
                      <th className="col-wide">{t('rules.status')}</th>
                      <th className="col-opt">{t('rules.modified')}</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((r) => (
                      <tr
                        key={r.id}
                        data-testid={`rule-row-${r.id}`}
                        className={r.status === 'deactivated' ? 'dim' : ''}
                      >
                        <td>
                          <Link to={`/rules/${r.id}`} data-testid={`rule-edit-${r.id}`}>
                            {r.name}
                          </Link>
                          {r.desc && <div className="muted small">{r.desc}</div>}
                          <span className="only-narrow">
                            {' '}
                            <SeverityBadge severity={r.severity} /> <StatusBadge status={r.status} />
                          </span>
                        </td>
                        <td>
                          <RuleTarget rule={r} names={names} />
                        </td>
                        <td className="col-opt2">
                          <SeverityBadge severity={r.severity} />
                        </td>
                        <td className="col-wide">
                          <StatusBadge status={r.status} />
                        </td>
                        <td className="nowrap muted col-opt">{formatTime(r.mtime)}</td>
                        <td className="actions">
                          <RequireRole role="technician">
                            <button
                              type="button"
                              className="btn btn-small"
                              disabled={busy === r.id}
                              data-testid={`rule-toggle-${r.id}`}
                              onClick={() => void act(r, 'toggle')}
                            >
                              {r.status === 'activated' ? t('rules.deactivate') : t('rules.activate')}
                            </button>
                          </RequireRole>
                          <Link to={`/rules/${r.id}`} className="btn btn-small">
                            {t('rules.edit')}
                          </Link>
                          <RequireRole role="technician">
                            <button
                              type="button"
                              className="btn btn-small btn-danger"
                              disabled={busy === r.id}
                              data-testid={`rule-delete-${r.id}`}
                              onClick={() => void act(r, 'delete')}
                            >
                              {t('common.delete')}
                            </button>
                          </RequireRole>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Loaded>
      </Card>
    </div>
  );
}

function StatusBadge({ status }: { status: Rule['status'] }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${status === 'activated' ? 'badge-ok' : 'badge-off'}`}>
      {t(`rules.${status}`)}
    </span>
  );
}

/** What a rule watches, by names, and its trigger in the sensor's unit. */
function RuleTarget({ rule: r, names }: { rule: Rule; names: Names }) {
  const { t } = useTranslation();
  const gateway = r.gatewayId ? gatewayLabel(names, r.gatewayId) : '';
  const agent = r.agent ?? 'sensorValue';
  const unit = agent === 'sensorValue' && r.sensorId ? sensorUnit(names, r.gatewayId, r.sensorId) : '';
  let what: ReactNode;
  if (agent === 'schedule') what = t('rules.schedule');
  else if (agent === 'gatewayStatus') what = t('rules.gatewayItself');
  else if (r.sensorType)
    what = t('rules.allOfType', { type: t(`sensorTypes.${r.sensorType}`, { defaultValue: r.sensorType }) });
  else if ((r.sensorIds?.length ?? 0) > 1)
    what = (
      <span title={t('rules.sensorsCount', { count: r.sensorIds?.length ?? 0 })}>
        {(r.sensorIds ?? []).map((sid) => sensorLabel(names, r.gatewayId, sid)).join(', ')}
      </span>
    );
  else
    what = (
      <Link to={`/gateways/${encodeURIComponent(r.gatewayId)}/sensors/${encodeURIComponent(r.sensorId)}`}>
        {sensorLabel(names, r.gatewayId, r.sensorId)}
      </Link>
    );
  return (
    <>
      {what}{' '}
      <strong className="mono nowrap">{r.method === 'cron' ? (r.cron ?? '') : triggerText(r, unit)}</strong>
      {gateway && <div className="muted small">{gateway}</div>}
    </>
  );
}

/** Import a rules file (all or none: the site names what is wrong) and export every rule as one file. */
interface ImportMessage {
  ok: boolean;
  lines: string[];
}

function ImportExport({
  onImported,
  onMessage: setMessage,
}: {
  onImported: () => void;
  onMessage: (m: ImportMessage | null) => void;
}) {
  const { t } = useTranslation();
  const file = useRef<HTMLInputElement>(null);

  const importFile = async (f: File) => {
    setMessage(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await f.text());
    } catch (e) {
      setMessage({ ok: false, lines: [t('rules.importBadFile', { error: (e as Error).message })] });
      return;
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as { rules?: unknown } | null)?.rules;
    if (!Array.isArray(list) || list.length === 0) {
      setMessage({ ok: false, lines: [t('rules.importNoRules')] });
      return;
    }
    try {
      const { data } = await api.importRules(list);
      setMessage({ ok: true, lines: [t('rules.imported', { count: data.length })] });
      onImported();
    } catch (e) {
      setMessage({ ok: false, lines: e instanceof ApiRequestError ? problemsOf(e.message) : [String(e)] });
    }
  };
  const exportAll = async () => {
    try {
      const body = await api.exportRules();
      saveBlob(
        new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' }),
        'edge-site-rules.json',
      );
    } catch (e) {
      setMessage({ ok: false, lines: [e instanceof Error ? e.message : String(e)] });
    }
  };
  return (
    <>
      <RequireRole role="technician">
        <button
          type="button"
          className="btn"
          data-testid="rules-import"
          onClick={() => file.current?.click()}
        >
          {t('rules.import')}
        </button>
      </RequireRole>
      <input
        ref={file}
        type="file"
        accept="application/json,.json"
        className="visually-hidden"
        tabIndex={-1}
        data-testid="rules-import-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void importFile(f);
        }}
      />
      <button type="button" className="btn" data-testid="rules-export" onClick={() => void exportAll()}>
        {t('rules.export')}
      </button>
    </>
  );
}

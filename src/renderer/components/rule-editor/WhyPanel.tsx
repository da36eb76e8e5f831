import { useTranslation } from 'react-i18next';
import { useApi } from '../../hooks/useApi';
import { useNames } from '../../hooks/useNames';
import { formatTime, formatValueWithUnit } from '../../lib/format';
import { sensorLabel, sensorUnit } from '../../lib/names';
import { reasonText } from '../../lib/rule-form';
import { api } from '../../net/client';
import { Card } from '../Card';
import { Empty, Loaded } from '../State';

/** "Why did it (not) fire": a saved rule's recent evaluations and its last action runs. */
export function WhyPanel({ ruleId, gatewayId }: { ruleId: number; gatewayId: string }) {
  const { t } = useTranslation();
  const evaluations = useApi((s) => api.ruleEvaluations(ruleId, s), [ruleId]);
  const results = useApi((s) => api.ruleActionResults(ruleId, s), [ruleId]);
  const names = useNames([gatewayId, ...(evaluations.data?.data ?? []).map((e) => e.gatewayId)]);
  const yesNo = (b: boolean) => (b ? t('rules.why.yes') : t('rules.why.no'));
  const refresh = (
    <button
      type="button"
      className="btn btn-small"
      onClick={() => {
        evaluations.reload();
        results.reload();
      }}
    >
      {t('common.refresh')}
    </button>
  );
  return (
    <>
      <Card title={t('rules.why.title')} actions={refresh} testId="rule-why">
        <div className="muted small">{t('rules.why.hint')}</div>
        <Loaded state={evaluations}>
          {({ data }) =>
            data.length === 0 ? (
              <Empty title={t('rules.why.none')} />
            ) : (
              <div className="table-scroll">
                <table className="table table-compact" data-testid="rule-evaluations">
                  <thead>
                    <tr>
                      <th>{t('common.time')}</th>
                      <th className="num">{t('alarms.value')}</th>
                      <th>{t('rules.why.active')}</th>
                      <th>{t('rules.why.fired')}</th>
                      <th>{t('common.sensor')}</th>
                      <th>{t('rules.why.reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.map((e, i) => (
                      <tr key={i} data-testid="rule-evaluation">
                        <td className="nowrap">{formatTime(e.time)}</td>
                        <td className="num nowrap">
                          {formatValueWithUnit(e.value, sensorUnit(names, e.gatewayId, e.sensorId))}
                        </td>
                        <td>{yesNo(e.active)}</td>
                        <td>
                          <strong className={e.fired ? 'text-bad' : undefined}>{yesNo(e.fired)}</strong>
                        </td>
                        <td>{e.sensorId ? sensorLabel(names, e.gatewayId, e.sensorId) : '—'}</td>
                        <td className="muted">{reasonText(e.reason, t)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Loaded>
      </Card>
      <Card title={t('rules.why.results')} testId="rule-action-results">
        <Loaded state={results}>
          {({ data }) =>
            data.length === 0 ? (
              <Empty title={t('rules.why.noResults')} />
            ) : (
              <div className="table-scroll">
                <table className="table table-compact">
                  <thead>
                    <tr>
                      <th>{t('common.time')}</th>
                      <th>{t('rules.why.action')}</th>
                      <th>{t('rules.status')}</th>
                      <th className="num">{t('rules.why.attempts')}</th>
                      <th>{t('rules.why.reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.map((r) => (
                      <tr key={r.id}>
                        <td className="nowrap">{formatTime(r.startedAt)}</td>
                        <td>
                          {t(`rules.actions.kind.${r.action.split('/')[0] ?? ''}`, {
                            defaultValue: r.action,
                          })}
                        </td>
                        <td>
                          <span className={`badge ${r.status === 'success' ? 'badge-ok' : 'badge-bad'}`}>
                            {t(`rules.why.${r.status}`)}
                          </span>
                        </td>
                        <td className="num">{r.attempts}</td>
                        <td className="muted">{r.reason ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Loaded>
      </Card>
    </>
  );
}

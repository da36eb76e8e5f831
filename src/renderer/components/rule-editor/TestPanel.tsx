import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleInput } from '../../../shared/api';
import type { RuleTestResult } from '../../../shared/rules';
import { useApi } from '../../hooks/useApi';
import { useNames } from '../../hooks/useNames';
import { formatTime, formatValueWithUnit } from '../../lib/format';
import { sensorLabel, sensorUnit } from '../../lib/names';
import { raisedCount, testMarks, testSensors } from '../../lib/rule-marks';
import { DAY, chooseInterval, parseSeries } from '../../lib/series';
import { bandData, intervalMs } from '../../lib/chart-data';
import { api } from '../../net/client';
import { SeriesChart } from '../SeriesChart';
import { ErrorBox } from '../State';

/**
 * "Test against the last day": the rule as it stands in the form (not saved) replayed over the last 24 h,
 * with when it would have been raised and cleared, and those spans on the sensor's chart.
 */
export function TestPanel({
  input,
  disabled,
  onRefused,
}: {
  input: () => RuleInput | null;
  disabled: boolean;
  onRefused: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [run, setRun] = useState<{
    result: RuleTestResult;
    rule: RuleInput;
    from: number;
    to: number;
  } | null>(null);

  const start = async () => {
    const rule = input();
    if (!rule) return;
    setBusy(true);
    setError(null);
    const to = Date.now();
    const from = to - DAY;
    try {
      setRun({ result: await api.testRule(rule, from, to), rule, from, to });
    } catch (e) {
      setRun(null);
      setError(e);
      onRefused(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="test-panel" data-testid="rule-test-panel">
      <div className="form-inline">
        <button
          type="button"
          className="btn"
          data-testid="rule-test"
          disabled={disabled || busy}
          onClick={() => void start()}
        >
          {busy ? t('rules.test.running') : t('rules.test.run')}
        </button>
        <span className="muted small">{t('rules.test.hint')}</span>
      </div>
      {error ? <ErrorBox error={error} /> : null}
      {run && <TestResult {...run} />}
    </div>
  );
}

function TestResult({
  result,
  rule,
  from,
  to,
}: {
  result: RuleTestResult;
  rule: RuleInput;
  from: number;
  to: number;
}) {
  const { t } = useTranslation();
  const names = useNames([rule.gatewayId]);
  const count = raisedCount(result);
  const fromEvents = testSensors(result);
  const candidates =
    fromEvents.length > 0
      ? fromEvents
      : rule.sensorId
        ? [{ gatewayId: rule.gatewayId, sensorId: rule.sensorId }]
        : [];
  const [pick, setPick] = useState(0);
  const shown = candidates[Math.min(pick, candidates.length - 1)];
  return (
    <div className="test-result" data-testid="rule-test-result" data-raised={count}>
      <div className="test-summary">
        <strong data-testid="rule-test-count">
          {count === 0 ? t('rules.test.never') : t('rules.test.fired', { count })}
        </strong>{' '}
        <span className="muted small">{t('rules.test.evaluated', { count: result.evaluated })}</span>
      </div>
      {result.thinned && <div className="muted small">{t('rules.test.thinned')}</div>}
      {result.notes.map((n) => (
        <div key={n} className="muted small">
          {n}
        </div>
      ))}
      {result.events.length > 0 && (
        <div className="table-scroll">
          <table className="table table-compact" data-testid="rule-test-events">
            <thead>
              <tr>
                <th>{t('rules.test.kind')}</th>
                <th>{t('common.time')}</th>
                <th className="num">{t('alarms.value')}</th>
                <th>{t('common.sensor')}</th>
              </tr>
            </thead>
            <tbody>
              {result.events.slice(0, 200).map((e, i) => (
                <tr key={i} data-testid={`rule-test-event-${e.kind}`}>
                  <td>
                    <span className={`badge ${e.kind === 'raised' ? 'badge-bad' : 'badge-ok'}`}>
                      {t(`rules.test.${e.kind}`)}
                    </span>
                  </td>
                  <td className="nowrap">{formatTime(e.time)}</td>
                  <td className="num nowrap">
                    {formatValueWithUnit(e.value, sensorUnit(names, e.gatewayId, e.sensorId))}
                  </td>
                  <td>{sensorLabel(names, e.gatewayId, e.sensorId)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {candidates.length > 1 && (
        <label className="form-inline">
          {t('rules.test.chartOf')}{' '}
          <select value={pick} onChange={(e) => setPick(Number(e.target.value))}>
            {candidates.map((c, i) => (
              <option key={`${c.gatewayId}\n${c.sensorId}`} value={i}>
                {sensorLabel(names, c.gatewayId, c.sensorId)}
              </option>
            ))}
          </select>
        </label>
      )}
      {shown && (
        <TestChart
          result={result}
          gatewayId={shown.gatewayId}
          sensorId={shown.sensorId}
          from={from}
          to={to}
        />
      )}
    </div>
  );
}

function TestChart({
  result,
  gatewayId,
  sensorId,
  from,
  to,
}: {
  result: RuleTestResult;
  gatewayId: string;
  sensorId: string;
  from: number;
  to: number;
}) {
  const { t } = useTranslation();
  const names = useNames([gatewayId]);
  const series = useApi(
    (s) => api.series(gatewayId, sensorId, from, to, chooseInterval(to - from), s),
    [gatewayId, sensorId, from, to],
  );
  // gaps stay gaps: a rule tested over a silent sensor must not look like a line across the silence
  const data = useMemo(
    () => bandData(parseSeries(series.data), null, null, intervalMs(chooseInterval(to - from))),
    [series.data, from, to],
  );
  const marks = useMemo(() => testMarks(result, gatewayId, sensorId), [result, gatewayId, sensorId]);
  if (series.error) return <ErrorBox error={series.error} onRetry={series.reload} />;
  if (!series.data) return null;
  if (data.x.length === 0) return <div className="muted small">{t('rules.test.noChart')}</div>;
  return (
    <SeriesChart
      data={data}
      label={sensorLabel(names, gatewayId, sensorId)}
      unit={sensorUnit(names, gatewayId, sensorId)}
      xMin={from / 1000}
      xMax={to / 1000}
      height={220}
      marks={marks}
    />
  );
}

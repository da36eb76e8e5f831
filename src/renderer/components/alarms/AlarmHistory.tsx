import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alarm } from '../../../shared/model';
import { useApi } from '../../hooks/useApi';
import { useLiveEvents } from '../../hooks/useLive';
import { useNames } from '../../hooks/useNames';
import { formatDuration, formatTime, fromDateTimeLocal, toDateTimeLocal } from '../../lib/format';
import { api } from '../../net/client';
import { SeverityBadge } from '../Badges';
import { Card } from '../Card';
import { Empty, Loaded } from '../State';
import { AlarmSource, alarmValue } from './AlarmRow';
import { DateTimeInput } from '../DateTimeInput';
import { alarmTitle } from '../../lib/system-alarms';

const PRESETS = { '24h': 24 * 3_600_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;
type Preset = keyof typeof PRESETS;
const HISTORY_LIMIT = 500;

/** raisedAt bounds; `follow`: the range ends now (a preset), so alarms closing from now on join it */
interface HistoryRange {
  from: number;
  to: number;
  follow: boolean;
}

/** A time range picked by preset (ending now) or by hand. */
function RangePicker({ range, onChange }: { range: HistoryRange; onChange: (r: HistoryRange) => void }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(toDateTimeLocal(range.from));
  const [to, setTo] = useState(toDateTimeLocal(range.to));
  const [bad, setBad] = useState(false);
  const preset = (p: Preset) => {
    const now = Date.now();
    setFrom(toDateTimeLocal(now - PRESETS[p]));
    setTo(toDateTimeLocal(now));
    setBad(false);
    onChange({ from: now - PRESETS[p], to: now, follow: true });
  };
  const apply = () => {
    const f = fromDateTimeLocal(from);
    const e = fromDateTimeLocal(to);
    if (f === null || e === null || f >= e) return setBad(true);
    setBad(false);
    // the end minute is included whole
    onChange({ from: f, to: e + 60_000, follow: false });
  };
  return (
    <div className="range alarm-range">
      {(Object.keys(PRESETS) as Preset[]).map((p) => (
        <button
          key={p}
          type="button"
          className="btn btn-small"
          onClick={() => preset(p)}
          data-testid={`history-${p}`}
        >
          {t(`alarms.preset.${p}`)}
        </button>
      ))}
      <label className="inline-label">
        {t('alarms.from')}
        <DateTimeInput label={t('alarms.from')} testId="history-from" value={from} onChange={setFrom} />
      </label>
      <label className="inline-label">
        {t('alarms.to')}
        <DateTimeInput label={t('alarms.to')} testId="history-to" value={to} onChange={setTo} showZone />
      </label>
      <button type="button" className="btn btn-small" onClick={apply}>
        {t('alarms.apply')}
      </button>
      {bad && <span className="field-error">{t('alarms.invalidRange')}</span>}
    </div>
  );
}

/** Closed alarms raised in a time range, newest first; alarms that close meanwhile join at the top. */
export function AlarmHistory() {
  const { t } = useTranslation();
  const [range, setRange] = useState<HistoryRange>(() => ({
    from: Date.now() - PRESETS['24h'],
    to: Date.now(),
    follow: true,
  }));
  const state = useApi(
    (signal) => api.alarms({ open: false, from: range.from, to: range.to, limit: HISTORY_LIMIT }, signal),
    [range.from, range.to],
  );
  const names = useNames(state.data?.data.map((a) => a.gatewayId) ?? []);
  useLiveEvents((ev) => {
    if (ev.type !== 'alarm' || ev.alarm.state !== 'cleared') return;
    const a = ev.alarm;
    if (a.raisedAt < range.from || (!range.follow && a.raisedAt >= range.to)) return;
    state.setData((page) =>
      page ? { ...page, data: [a, ...page.data.filter((x) => x.id !== a.id)] } : page,
    );
  });
  return (
    <Card title={t('alarms.history')} testId="alarm-history">
      <RangePicker range={range} onChange={setRange} />
      <Loaded state={state}>
        {(page) =>
          page.data.length === 0 ? (
            <Empty title={t('alarms.historyEmpty')} hint={t('alarms.historyEmptyHint')} />
          ) : (
            <div className="table-wrap">
              {page.data.length >= HISTORY_LIMIT && (
                <div className="muted small">{t('alarms.truncated', { count: HISTORY_LIMIT })}</div>
              )}
              <table className="table table-compact">
                <thead>
                  <tr>
                    <th>{t('alarms.severity')}</th>
                    <th>{t('alarms.rule')}</th>
                    <th className="col-opt2">{t('alarms.value')}</th>
                    <th>{t('alarms.raised')}</th>
                    <th className="col-opt">{t('alarms.cleared')}</th>
                    <th className="col-opt2">{t('alarms.lasted')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((a: Alarm) => (
                    <tr key={a.id} data-testid={`history-row-${a.id}`}>
                      <td>
                        <SeverityBadge severity={a.severity} />
                      </td>
                      <td>
                        <div className="alarm-rule">{alarmTitle(a, t)}</div>
                        <div className="muted small">
                          <AlarmSource alarm={a} names={names} />
                        </div>
                      </td>
                      <td className="col-opt2 value nowrap">{alarmValue(a, names, t)}</td>
                      <td className="nowrap">{formatTime(a.raisedAt)}</td>
                      <td className="col-opt nowrap">{formatTime(a.clearedAt)}</td>
                      <td className="col-opt2 nowrap">
                        {a.clearedAt === null ? '' : formatDuration(a.clearedAt - a.raisedAt)}
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
  );
}

import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Rule } from '../../shared/model';
import { AlarmActions } from '../components/alarms/AlarmActions';
import { AlarmHistory } from '../components/alarms/AlarmHistory';
import { AlarmRow } from '../components/alarms/AlarmRow';
import { AlarmStatsView } from '../components/alarms/AlarmStatsView';
import { UnrecordedProblems } from '../components/alarms/UnrecordedProblems';
import { useReplicationProblems } from '../hooks/useReplicationProblems';
import { Card, PageHeader } from '../components/Card';
import { Empty, ErrorBox, Loading } from '../components/State';
import { useAlarmSound } from '../hooks/useAlarmSound';
import { useApi } from '../hooks/useApi';
import { useNames } from '../hooks/useNames';
import { useNow } from '../hooks/useNow';
import { reloadOpenAlarms, useOpenAlarms } from '../hooks/useOpenAlarms';
import { sortOpen } from '../lib/alarms';
import { api } from '../net/client';

const VIEWS = ['open', 'history', 'stats'] as const;
type View = (typeof VIEWS)[number];

function SoundToggle() {
  const { t } = useTranslation();
  const [on, setOn] = useAlarmSound();
  return (
    <label className="inline-label alarm-sound" title={t('alarms.soundHint')}>
      <input
        type="checkbox"
        checked={on}
        data-testid="alarm-sound"
        onChange={(e) => setOn(e.target.checked)}
      />
      {t('alarms.sound')}
    </label>
  );
}

function OpenAlarms() {
  const { t } = useTranslation();
  const { alarms, loaded, error } = useOpenAlarms();
  const sorted = useMemo(() => sortOpen(alarms), [alarms]);
  const names = useNames(alarms.map((a) => a.gatewayId));
  const now = useNow(10_000);
  // Reset applies to latched rules only; the rule says whether it latches
  const rules = useApi((signal) => api.rules(signal), []);
  const latched = useMemo(
    () => new Set((rules.data ?? []).filter((r: Rule) => r.latched).map((r) => r.id)),
    [rules.data],
  );
  return (
    <Card title={t('alarms.openCount', { count: alarms.length })} testId="alarm-open">
      {error ? <ErrorBox error={error} onRetry={reloadOpenAlarms} /> : null}
      {!loaded ? (
        error ? null : (
          <Loading />
        )
      ) : sorted.length === 0 ? (
        <Empty title={t('alarms.none')} hint={t('alarms.noneHint')} />
      ) : (
        <ol className="alarm-list" data-testid="alarm-list">
          {sorted.map((a) => (
            <AlarmRow
              key={a.id}
              alarm={a}
              names={names}
              now={now}
              actions={<AlarmActions alarm={a} latched={latched.has(a.ruleId)} />}
            />
          ))}
        </ol>
      )}
    </Card>
  );
}

/** a lost quorum (or a late node) seen now but not yet in site.db: shown above the open alarms */
function Unrecorded() {
  return <UnrecordedProblems problems={useReplicationProblems()} />;
}

/** Alarms for the people who answer them: the open ones to act on, what closed, and how the system does. */
export function AlarmsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const raw = params.get('view');
  const view: View = VIEWS.includes(raw as View) ? (raw as View) : 'open';
  return (
    <div className="page">
      <PageHeader title={t('alarms.title')} sub={t('alarms.sub')} actions={<SoundToggle />} />
      <div className="tabs" role="tablist">
        {VIEWS.map((v) => (
          <button
            key={v}
            type="button"
            role="tab"
            aria-selected={v === view}
            className={`tab${v === view ? ' tab-active' : ''}`}
            data-testid={`alarms-tab-${v}`}
            onClick={() => setParams(v === 'open' ? {} : { view: v })}
          >
            {t(`alarms.tab.${v}`)}
          </button>
        ))}
      </div>
      {view === 'open' && <Unrecorded />}
      {view === 'open' && <OpenAlarms />}
      {view === 'history' && <AlarmHistory />}
      {view === 'stats' && <AlarmStatsView />}
    </div>
  );
}

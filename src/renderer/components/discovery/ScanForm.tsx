import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiscoveryScanRequest } from '../../../shared/api';
import type { DiscoveryInterfaces } from '../../../shared/discovery';
import { checkTargets, splitTargets, type TargetProblem } from '../../lib/targets';
import { RequireRole } from '../auth/RequireRole';

type Mode = 'all' | 'some' | 'none';
/** A scan answers within 3 s: the bar fills over that time. */
const SCAN_SECONDS = 3;

/**
 * Where to look: broadcast on every interface, on chosen ones or none, plus typed targets. Bad targets are
 * named before anything is sent; the site checks again.
 */
export function ScanForm({
  info,
  busy,
  onScan,
}: {
  info: DiscoveryInterfaces;
  busy: boolean;
  onScan: (body: DiscoveryScanRequest) => void;
}) {
  const { t } = useTranslation();
  const canBroadcast = info.broadcast && info.data.length > 0;
  const [mode, setMode] = useState<Mode>(canBroadcast ? 'all' : 'none');
  const [chosen, setChosen] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const names = [...new Set(info.data.map((i) => i.name))];

  const submit = () => {
    const targets = splitTargets(text);
    const found = checkTargets(targets, info.widestPrefix).map((p) => problemText(t, p));
    if (mode === 'none' && targets.length === 0) found.push(t('discovery.bad.empty'));
    if (mode === 'some' && chosen.length === 0) found.push(t('discovery.bad.noneChosen'));
    setProblems(found);
    if (found.length > 0) return;
    // the API broadcasts on every interface only when given neither field: name them to be explicit
    const interfaces = mode === 'all' ? names : mode === 'some' ? chosen : [];
    onScan({ interfaces, ...(targets.length > 0 ? { targets } : {}) });
  };

  return (
    <form
      className="form scan-form"
      data-testid="scan-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <fieldset className="scan-interfaces" data-testid="scan-interfaces">
        <legend>{t('discovery.interfaces')}</legend>
        {!info.broadcast && <p className="muted small">{t('discovery.broadcastOff')}</p>}
        {info.broadcast && info.data.length === 0 && (
          <p className="muted small">{t('discovery.noInterfaces')}</p>
        )}
        {(['all', 'some', 'none'] as const).map((m) => (
          <label key={m} className="radio">
            <input
              type="radio"
              name="scan-mode"
              data-testid={`scan-mode-${m}`}
              checked={mode === m}
              disabled={m !== 'none' && !canBroadcast}
              onChange={() => setMode(m)}
            />
            {t(`discovery.if${m === 'all' ? 'All' : m === 'some' ? 'Some' : 'None'}`)}
          </label>
        ))}
        {mode === 'some' && (
          <div className="scan-iface-list">
            {info.data.map((i) => (
              <label key={`${i.name} ${i.address}`} className="check">
                <input
                  type="checkbox"
                  data-testid={`scan-iface-${i.name}`}
                  checked={chosen.includes(i.name)}
                  onChange={(e) =>
                    setChosen((c) => (e.target.checked ? [...c, i.name] : c.filter((n) => n !== i.name)))
                  }
                />
                <span className="mono">{i.name}</span>{' '}
                <span className="muted">
                  {i.address}/{i.netmask}
                </span>
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <label>
        {t('discovery.targets')}
        <textarea
          data-testid="scan-targets"
          rows={2}
          value={text}
          spellCheck={false}
          placeholder="192.168.7.20 192.168.7.0/28 10.1.2.3:28282"
          aria-invalid={problems.length > 0}
          onChange={(e) => setText(e.target.value)}
        />
        <span className="muted small">{t('discovery.targetsHint', { prefix: info.widestPrefix })}</span>
      </label>
      {problems.length > 0 && (
        <ul className="field-error scan-problems" role="alert" data-testid="scan-input-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div className="form-submit">
        <RequireRole role="technician">
          <button type="submit" className="btn btn-primary" data-testid="scan-submit" disabled={busy}>
            {busy ? t('discovery.scanning') : t('discovery.scan')}
          </button>
        </RequireRole>
        {busy && <ScanProgress />}
      </div>
    </form>
  );
}

function ScanProgress() {
  const { t } = useTranslation();
  const [started] = useState(() => Date.now());
  const [now, setNow] = useState(started);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, []);
  const s = Math.min(SCAN_SECONDS, (now - started) / 1000);
  return (
    <span className="scan-progress" data-testid="scan-progress">
      <progress max={SCAN_SECONDS} value={s} />
      <span className="muted small">{t('discovery.progress', { s: s.toFixed(1), of: SCAN_SECONDS })}</span>
    </span>
  );
}

function problemText(t: (key: string, o?: Record<string, unknown>) => string, p: TargetProblem): string {
  return t(`discovery.bad.${p.kind}`, { ...p });
}

import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DemoStatus } from '../../shared/demo';
import { formatTime } from '../lib/format';
import { errorMessage } from '../net/client';
import { demoApi } from '../net/demo';
import { useDialogs } from './Dialog';
import { RequireRole } from './auth/RequireRole';

type Busy = 'start' | 'remove' | null;

/**
 * Start demo / Remove demo, with the demo's state: the first-run page offers it to a site with no
 * gateways yet. Removal asks first and says what went. `secondary` where real gateways are the point
 * (the first-run guide): a technician on a real site must not take the demo for the way forward.
 */
export function DemoControls({ secondary = false }: { secondary?: boolean }) {
  const { t } = useTranslation();
  const dialogs = useDialogs();
  const [status, setStatus] = useState<DemoStatus | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const refresh = useCallback(async () => {
    try {
      setStatus(await demoApi.status());
    } catch (e) {
      setNote({ kind: 'error', text: errorMessage(e) });
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const start = async () => {
    setBusy('start');
    setNote(null);
    try {
      setStatus(await demoApi.start());
    } catch (e) {
      setNote({ kind: 'error', text: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  };

  const remove = async () => {
    if (!(await dialogs.confirm(t('demo.removeConfirm'), { danger: true }))) return;
    setBusy('remove');
    setNote(null);
    try {
      const removed = await demoApi.remove();
      setNote({ kind: 'ok', text: t('demo.removed', { ...removed }) });
      await refresh();
    } catch (e) {
      setNote({ kind: 'error', text: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  };

  const present = status !== null && (status.running || status.gateways > 0);
  return (
    <section
      className={secondary ? 'demo-controls demo-secondary' : 'demo-controls'}
      data-testid="demo-controls"
    >
      <h3>{t('demo.title')}</h3>
      {!present && <p className="muted">{t('demo.intro')}</p>}
      {status?.running && (
        <p data-testid="demo-state" data-state="running">
          {t('demo.running', {
            gateways: status.gateways,
            sensors: status.sensors,
            since: formatTime(status.startedAt),
          })}{' '}
          <Link to="/gateways" data-testid="demo-open">
            {t('demo.open')}
          </Link>
        </p>
      )}
      {status && !status.running && status.gateways > 0 && (
        <p data-testid="demo-state">
          {t('demo.stopped', { gateways: status.gateways, sensors: status.sensors })}
        </p>
      )}
      <div className="actions">
        {!status?.running && (
          <RequireRole role="technician">
            <button
              type="button"
              className={secondary ? 'btn' : 'btn btn-primary'}
              data-testid="demo-start"
              disabled={busy !== null}
              onClick={() => void start()}
            >
              {busy === 'start' ? t('demo.starting') : t('demo.start')}
            </button>
          </RequireRole>
        )}
        {present && (
          <RequireRole role="technician">
            <button
              type="button"
              className="btn"
              data-testid="demo-remove"
              disabled={busy !== null}
              onClick={() => void remove()}
            >
              {busy === 'remove' ? t('demo.removing') : t('demo.remove')}
            </button>
          </RequireRole>
        )}
      </div>
      {note && (
        <p
          className={note.kind === 'error' ? 'error' : 'muted'}
          role={note.kind === 'error' ? 'alert' : 'status'}
        >
          {note.text}
        </p>
      )}
    </section>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api';
import type { DemoRemoved, DemoStatus } from '../../shared/demo';
import { formatTime } from '../lib/format';
import { apiUrl } from '../lib/url';
import { API_BASE, ApiRequestError, errorMessage } from '../net/client';
import { useDialogs } from './Dialog';

/** `/api/v1/demo` calls; kept here so the demo adds no surface to the shared client. */
async function demoCall<T>(method: 'GET' | 'POST' | 'DELETE'): Promise<T> {
  const res = await fetch(apiUrl(API_BASE, '/demo'), {
    method,
    headers: method === 'POST' ? { 'content-type': 'application/json' } : {},
    body: method === 'POST' ? '{}' : undefined,
  });
  const body = (await res.json().catch(() => null)) as T | ApiError | null;
  if (!res.ok) {
    const err = body as ApiError | null;
    throw new ApiRequestError(
      err?.message
        ? err
        : {
            statusCode: res.status,
            code: 'ES_INTERNAL',
            error: res.statusText,
            message: `HTTP ${res.status}`,
          },
    );
  }
  return body as T;
}

type Busy = 'start' | 'remove' | null;

/**
 * Start demo / Remove demo, with the demo's state: the first-run page offers it to a site with no
 * gateways yet. Removal asks first and says what went.
 */
export function DemoControls() {
  const { t } = useTranslation();
  const dialogs = useDialogs();
  const [status, setStatus] = useState<DemoStatus | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const refresh = useCallback(async () => {
    try {
      setStatus(await demoCall<DemoStatus>('GET'));
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
      setStatus(await demoCall<DemoStatus>('POST'));
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
      const removed = await demoCall<DemoRemoved>('DELETE');
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
    <section className="demo-controls" data-testid="demo-controls">
      <h3>{t('demo.title')}</h3>
      {!present && <p className="muted">{t('demo.intro')}</p>}
      {status?.running && (
        <p data-testid="demo-state">
          {t('demo.running', {
            gateways: status.gateways,
            sensors: status.sensors,
            since: formatTime(status.startedAt),
          })}
        </p>
      )}
      {status && !status.running && status.gateways > 0 && (
        <p data-testid="demo-state">
          {t('demo.stopped', { gateways: status.gateways, sensors: status.sensors })}
        </p>
      )}
      <div className="actions">
        {!status?.running && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy !== null}
            onClick={() => void start()}
          >
            {busy === 'start' ? t('demo.starting') : t('demo.start')}
          </button>
        )}
        {present && (
          <button type="button" className="btn" disabled={busy !== null} onClick={() => void remove()}>
            {busy === 'remove' ? t('demo.removing') : t('demo.remove')}
          </button>
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

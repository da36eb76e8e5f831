import { ReadOnlyNote } from '../components/auth/RequireRole';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DiscoveryScanRequest, DiscoveryScanResponse } from '../../shared/api';
import { api } from '../net/client';
import { discoveryApi } from '../net/discovery';
import { Card, PageHeader } from '../components/Card';
import { ErrorBox, Loaded } from '../components/State';
import { OtherSites } from '../components/discovery/OtherSites';
import { PairingCard } from '../components/discovery/PairingCard';
import { ScanForm } from '../components/discovery/ScanForm';
import { ScanResults } from '../components/discovery/ScanResults';
import { useApi } from '../hooks/useApi';

/**
 * Find gateways on the LAN (README "Finding gateways on the LAN"): where to look, scan (≤ 3 s), what
 * answered with one-click "Add to this site".
 */
export function FindGatewaysPage() {
  const { t } = useTranslation();
  const info = useApi((s) => discoveryApi.interfaces(s), []);
  const overview = useApi((s) => api.overview(s), []);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<DiscoveryScanResponse | null>(null);
  const [error, setError] = useState<unknown>(null);
  // a newer scan (or leaving the page) makes an older answer irrelevant
  const current = useRef<AbortController | null>(null);

  const scan = async (body: DiscoveryScanRequest) => {
    current.current?.abort();
    const ac = new AbortController();
    current.current = ac;
    setBusy(true);
    setError(null);
    try {
      const res = await discoveryApi.scan(body, ac.signal);
      if (!ac.signal.aborted) setResult(res);
    } catch (e) {
      if (!ac.signal.aborted) {
        setResult(null);
        setError(e);
      }
    } finally {
      if (current.current === ac) setBusy(false);
    }
  };

  return (
    <div className="page find-gateways">
      <PageHeader
        title={t('discovery.title')}
        sub={t('discovery.sub', { port: info.data?.port ?? 28282 })}
        actions={
          <Link className="btn" to="/register">
            {t('gateways.register')}
          </Link>
        }
      />
      <ReadOnlyNote />
      <Card title={t('discovery.where')} testId="scan-where">
        <Loaded state={info}>{(i) => <ScanForm info={i} busy={busy} onScan={(b) => void scan(b)} />}</Loaded>
        {error ? (
          <div data-testid="scan-error">
            <ErrorBox error={error} />
          </div>
        ) : null}
      </Card>
      {result && overview.data && (
        <ScanResults result={result} endpoints={overview.data.endpoints} port={info.data?.port ?? 28282} />
      )}
      <div className="find-side">
        <PairingCard />
        <OtherSites />
      </div>
    </div>
  );
}

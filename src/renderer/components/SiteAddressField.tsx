import { useTranslation } from 'react-i18next';
import type { SiteAddressView } from '../../shared/api';
import { formatTime } from '../lib/format';

/** "Site address 10.77.0.100 — held by this node / by <master>", with since when and the last error. */
export function SiteAddressField({ view }: { view: SiteAddressView }) {
  const { t } = useTranslation();
  const address = view.address.split('/')[0];
  const line = view.held
    ? t('siteAddress.heldHere', { address })
    : view.holder
      ? t('siteAddress.heldBy', { address, node: view.holder })
      : t('siteAddress.noHolder', { address });
  return (
    <span data-testid="site-address">
      <span className={`badge ${view.held ? 'badge-ok' : 'badge-info'}`}>{line}</span>{' '}
      <span className="muted">
        {t('siteAddress.detail', { interface: view.interface })}
        {view.held && view.since !== null && (
          <> · {t('siteAddress.since', { time: formatTime(view.since) })}</>
        )}
      </span>
      {view.lastError && (
        <div className="badge badge-warn" role="status">
          {t('siteAddress.lastError', { error: view.lastError })}
        </div>
      )}
    </span>
  );
}

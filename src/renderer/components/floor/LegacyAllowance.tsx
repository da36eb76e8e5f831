import { useTranslation } from 'react-i18next';
import type { Gateway } from '../../../shared/model';

/** How the plain-TCP allowance stands, in words for the gateway details. */
export function useLegacyStatus(): (g: Pick<Gateway, 'legacyPlainTcp' | 'legacyAddress'>) => string {
  const { t } = useTranslation();
  return (g) => {
    if (!g.legacyPlainTcp) return t('common.no');
    return g.legacyAddress ? t('trust.legacyPinned', { address: g.legacyAddress }) : t('trust.legacyWaiting');
  };
}

/** The upgrade kept this gateway's allowance: ask the technician to confirm it (saving clears the notice). */
export function LegacyNotice({ gateway }: { gateway: Pick<Gateway, 'legacyPlainTcp' | 'legacyNotice'> }) {
  const { t } = useTranslation();
  if (!gateway.legacyPlainTcp || !gateway.legacyNotice) return null;
  return (
    <p className="warn-text" data-testid="legacy-notice">
      ⚠ {t('trust.legacyNotice')}
    </p>
  );
}

/** The allowance as an explicit choice, explained, with the one address it is pinned to. */
export function LegacyFields({
  legacy,
  address,
  onLegacy,
  onAddress,
}: {
  legacy: boolean;
  address: string;
  onLegacy: (on: boolean) => void;
  onAddress: (address: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="legacy-fields">
      <label className="check">
        <input
          type="checkbox"
          data-testid="gateway-legacy"
          checked={legacy}
          onChange={(e) => onLegacy(e.target.checked)}
        />
        {t('trust.legacy')}
      </label>
      <span className="field-hint block">{t('trust.legacyHint')}</span>
      {legacy && (
        <label>
          {t('trust.legacyAddress')}
          <input
            data-testid="gateway-legacy-address"
            value={address}
            placeholder="192.168.0.10"
            onChange={(e) => onAddress(e.target.value.trim())}
          />
          <span className="field-hint block">{t('trust.legacyAddressHint')}</span>
        </label>
      )}
    </div>
  );
}

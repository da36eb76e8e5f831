import { useTranslation } from 'react-i18next';
import { useZone } from '../hooks/useZone';
import { setZoneChoice } from '../lib/timezone';

/** The last part of an IANA zone as a short label: "Asia/Seoul" → "Seoul". */
const short = (zone: string) => zone.split('/').pop()?.replace(/_/g, ' ') ?? zone;

/** Switches every time the console shows between the browser's zone and the site PC's. */
export function ZoneToggle() {
  const { t } = useTranslation();
  const z = useZone();
  const next = z.choice === 'site' ? 'browser' : 'site';
  const label = t(`charts.zoneOf.${z.choice === 'site' && z.site ? 'site' : 'browser'}`, { zone: z.shown });
  return (
    <button
      type="button"
      className="btn zone-toggle"
      data-testid="zone-toggle"
      data-zone={z.shown}
      title={`${label} · ${t('charts.zoneSwitch', { zone: next === 'site' ? (z.site ?? '—') : z.browser })}`}
      aria-label={label}
      disabled={z.site === null || z.site === z.browser}
      onClick={() => setZoneChoice(next)}
    >
      ◷ {short(z.shown)}
    </button>
  );
}

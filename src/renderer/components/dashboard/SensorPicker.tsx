import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sensorKey, type SensorRef } from '../../../shared/dashboards';
import type { SiteData } from '../../hooks/useSiteData';

/**
 * A searchable tree of the site's sensors (gateway → sensor, by name; ids searchable too). `max` 1 picks
 * one sensor (radio buttons), more picks several (checkboxes).
 */
export function SensorPicker({
  site,
  value,
  onChange,
  max,
}: {
  site: SiteData;
  value: SensorRef[];
  onChange: (v: SensorRef[]) => void;
  max: number;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const name = useId();
  const query = q.trim().toLowerCase();
  const chosen = new Set(value.map(sensorKey));
  const match = (...texts: string[]) => !query || texts.some((s) => s.toLowerCase().includes(query));
  const tree = site.gateways
    .map((g) => {
      const sensors = [...site.sensors.values()].filter((s) => s.gatewayId === g.id);
      const gatewayMatches = match(g.name, g.id);
      return { g, sensors: sensors.filter((s) => gatewayMatches || match(s.name, s.id, s.type, s.unit)) };
    })
    .filter((x) => x.sensors.length > 0);

  const toggle = (ref: SensorRef) => {
    const key = sensorKey(ref);
    if (max === 1) onChange([ref]);
    else if (chosen.has(key)) onChange(value.filter((v) => sensorKey(v) !== key));
    else if (value.length < max) onChange([...value, ref]);
  };

  return (
    <div className="picker" data-testid="sensor-picker">
      <input
        type="search"
        className="input"
        placeholder={t('dash.picker.search')}
        aria-label={t('dash.picker.search')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        data-testid="picker-search"
      />
      <div className="picker-hint muted small">
        {max === 1 ? t('dash.picker.one') : t('dash.picker.many', { count: value.length, max })}
      </div>
      <ul className="picker-tree" role="tree" aria-label={t('dash.picker.tree')}>
        {tree.length === 0 && <li className="muted">{t('dash.picker.none')}</li>}
        {tree.map(({ g, sensors }) => (
          <li key={g.id} role="treeitem" aria-expanded="true">
            <div className="picker-gateway" title={g.id}>
              {g.name || g.id}
            </div>
            <ul role="group">
              {sensors.map((s) => {
                const ref = { gatewayId: g.id, sensorId: s.id };
                const key = sensorKey(ref);
                return (
                  <li key={key} role="treeitem" aria-selected={chosen.has(key)}>
                    <label className="picker-sensor" title={s.id}>
                      <input
                        type={max === 1 ? 'radio' : 'checkbox'}
                        name={name}
                        checked={chosen.has(key)}
                        disabled={max > 1 && !chosen.has(key) && value.length >= max}
                        onChange={() => toggle(ref)}
                        data-testid={`pick-${s.id}`}
                      />
                      <span>{s.name || s.id}</span>
                      {s.unit && <span className="muted small"> {s.unit}</span>}
                    </label>
                  </li>
                );
              })}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import type { PlantState } from '../../lib/plant';

/** The one line that answers "is my plant all right?", with its reasons worst first. */
export function PlantStatus({ state }: { state: PlantState }) {
  const { t } = useTranslation();
  const icon = state.level === 'ok' ? '✓' : state.level === 'attention' ? '!' : '✕';
  return (
    <section
      className={`plant-state plant-${state.level}`}
      role="status"
      data-testid="plant-state"
      data-level={state.level}
    >
      <div className="plant-icon" aria-hidden="true">
        {icon}
      </div>
      <div>
        <div className="plant-title">
          {t(`floor.state.${state.level}`)}
          {state.reasons.length > 0 && ': '}
          {state.reasons.length > 0 && (
            <span data-testid="plant-reasons">
              {state.reasons
                .map((r) =>
                  t(`floor.reason.${r.key}`, {
                    ...(r.count === undefined ? {} : { count: r.count }),
                    ...(r.node === undefined ? {} : { node: r.node }),
                  }),
                )
                .join(', ')}
            </span>
          )}
        </div>
        {state.level === 'ok' && <div className="plant-hint">{t('floor.state.okHint')}</div>}
      </div>
    </section>
  );
}

import { memo, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WidgetKind } from '../../../shared/dashboards';
import { widgetTitle } from '../../lib/widget-titles';
import { sensorInfo, type WidgetProps } from './view';
import { AlarmList } from './widgets/AlarmList';
import { Gauge } from './widgets/Gauge';
import { GatewayStatus } from './widgets/GatewayStatus';
import { LineChart } from './widgets/LineChart';
import { StateTile } from './widgets/StateTile';
import { TimelineList } from './widgets/TimelineList';
import { ValueTile } from './widgets/ValueTile';

const BODIES: Record<WidgetKind, (p: WidgetProps) => React.ReactNode> = {
  value: ValueTile,
  gauge: Gauge,
  state: StateTile,
  chart: LineChart,
  gateway: GatewayStatus,
  alarms: AlarmList,
  timeline: TimelineList,
};

export interface EditHandlers {
  move(dx: number, dy: number): void;
  resize(dw: number, dh: number): void;
  edit(): void;
  remove(): void;
  /** pointer drag from the title bar (move) or the corner (resize) */
  dragStart(e: ReactPointerEvent, mode: 'move' | 'resize'): void;
}

/**
 * One widget on the grid; in edit mode with its move/resize/edit/delete controls (buttons and keys).
 * Rendered again only when its props change (memo): the site's data and types keep their identity.
 */
export const WidgetFrame = memo(function WidgetFrame(
  props: WidgetProps & { edit?: EditHandlers; dragging?: boolean },
) {
  const { t } = useTranslation();
  const { widget: w, edit } = props;
  const Body = BODIES[w.kind];
  const title = widgetTitle(
    w,
    {
      sensor: (ref) => sensorInfo(props.site, ref, props.types),
      gatewayName: (id) => props.site.gateways.find((g) => g.id === id)?.name,
    },
    t,
  );
  const onKey = (e: KeyboardEvent) => {
    if (!edit || e.target !== e.currentTarget) return;
    const d: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
    };
    const step = d[e.key];
    if (step) {
      e.preventDefault();
      if (e.shiftKey) edit.resize(step[0], step[1]);
      else edit.move(step[0], step[1]);
    } else if (e.key === 'Delete') edit.remove();
    else if (e.key === 'Enter') edit.edit();
  };
  return (
    <section
      className={`dash-widget w-kind-${w.kind}${edit ? ' editing' : ''}${props.dragging ? ' dragging' : ''}`}
      style={{
        gridColumn: `${w.x + 1} / span ${w.w}`,
        gridRow: `${w.y + 1} / span ${w.h}`,
        ['--h' as string]: w.h,
      }}
      data-testid={`widget-${w.id}`}
      data-kind={w.kind}
      aria-label={edit ? t('dash.edit.widgetHint', { title }) : title}
      tabIndex={edit ? 0 : undefined}
      onKeyDown={onKey}
    >
      <header
        className="dash-widget-head"
        onPointerDown={edit ? (e) => edit.dragStart(e, 'move') : undefined}
        title={edit ? t('dash.edit.dragHint') : undefined}
      >
        <h3>{title}</h3>
        {edit && <WidgetTools edit={edit} title={title} id={w.id} />}
      </header>
      <div className="dash-widget-body">
        <Body {...props} />
      </div>
      {edit && (
        <span
          className="dash-resize"
          aria-hidden="true"
          onPointerDown={(e) => edit.dragStart(e, 'resize')}
          title={t('dash.edit.resizeHint')}
        />
      )}
    </section>
  );
});

function WidgetTools({ edit, title, id }: { edit: EditHandlers; title: string; id: string }) {
  const { t } = useTranslation();
  const b = (label: string, text: string, fn: () => void, action: string) => (
    <button
      type="button"
      className="btn btn-small dash-tool"
      aria-label={`${label}: ${title}`}
      title={label}
      data-testid={`widget-${action}-${id}`}
      onPointerDown={(e) => e.stopPropagation()}
      onClick={fn}
    >
      {text}
    </button>
  );
  return (
    <div className="dash-tools">
      {b(t('dash.edit.left'), '←', () => edit.move(-1, 0), 'left')}
      {b(t('dash.edit.right'), '→', () => edit.move(1, 0), 'right')}
      {b(t('dash.edit.up'), '↑', () => edit.move(0, -1), 'up')}
      {b(t('dash.edit.down'), '↓', () => edit.move(0, 1), 'down')}
      {b(t('dash.edit.narrower'), '⇤', () => edit.resize(-1, 0), 'narrower')}
      {b(t('dash.edit.wider'), '⇥', () => edit.resize(1, 0), 'wider')}
      {b(t('dash.edit.shorter'), '⤒', () => edit.resize(0, -1), 'shorter')}
      {b(t('dash.edit.taller'), '⤓', () => edit.resize(0, 1), 'taller')}
      {b(t('dash.edit.settings'), '✎', edit.edit, 'settings')}
      {b(t('dash.edit.remove'), '✕', edit.remove, 'remove')}
    </div>
  );
}

import { useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { GRID_COLUMNS, type Widget } from '../../../shared/dashboards';
import {
  cellsMoved,
  moveWidget,
  readingOrder,
  resizeWidget,
  withRange,
  type Range,
} from '../../lib/dashboards';
import type { WidgetProps } from './view';
import { WidgetFrame } from './WidgetFrame';

interface Drag {
  id: string;
  mode: 'move' | 'resize';
  startX: number;
  startY: number;
  cells: [number, number];
}

export interface WidgetGridProps extends Omit<WidgetProps, 'widget'> {
  widgets: Widget[];
  /** given in edit mode: the grid after a move, resize or delete */
  onChange?: (widgets: Widget[]) => void;
  onEdit?: (id: string) => void;
  className?: string;
}

const GAP = 12;

/**
 * The dashboard's 12-column CSS grid. In edit mode widgets move and resize by pointer drag (snapped to
 * cells, previewed while dragging) or by their buttons and arrow keys; on a narrow screen they stack.
 */
export function WidgetGrid({ widgets, onChange, onEdit, className, ...rest }: WidgetGridProps) {
  const grid = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const editing = !!onChange;

  const replace = (w: Widget) => onChange?.(widgets.map((x) => (x.id === w.id ? w : x)));
  const apply = (w: Widget, d: Drag) =>
    d.mode === 'move' ? moveWidget(w, d.cells[0], d.cells[1]) : resizeWidget(w, d.cells[0], d.cells[1]);

  const dragStart = (w: Widget) => (e: ReactPointerEvent, mode: 'move' | 'resize') => {
    if (e.button !== 0) return;
    e.preventDefault();
    const el = grid.current;
    if (!el) return;
    const cellW = (el.clientWidth + GAP) / GRID_COLUMNS;
    const rowH = (parseFloat(getComputedStyle(el).gridAutoRows) || 72) + GAP;
    const start: Drag = { id: w.id, mode, startX: e.clientX, startY: e.clientY, cells: [0, 0] };
    setDrag(start);
    let current = start;
    const move = (ev: PointerEvent) => {
      const cells = cellsMoved(ev.clientX - start.startX, ev.clientY - start.startY, cellW, rowH);
      if (cells[0] !== current.cells[0] || cells[1] !== current.cells[1]) {
        current = { ...start, cells };
        setDrag(current);
      }
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', up);
      setDrag(null);
      if (current.cells[0] !== 0 || current.cells[1] !== 0) replace(apply(w, current));
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', up);
  };

  return (
    <div
      ref={grid}
      className={`dash-grid${editing ? ' editing' : ''} ${className ?? ''}`}
      data-testid="dash-grid"
    >
      {/* while editing, DOM order stays put so a widget moved by keys keeps the focus */}
      {(editing ? widgets : readingOrder(widgets)).map((w) => {
        const shown = drag?.id === w.id ? apply(w, drag) : w;
        return (
          <WidgetFrame
            key={w.id}
            {...rest}
            widget={shown}
            dragging={drag?.id === w.id}
            {...(editing ? { onRange: (r: Range | null) => replace(withRange(w, r)) } : {})}
            edit={
              editing
                ? {
                    move: (dx, dy) => replace(moveWidget(w, dx, dy)),
                    resize: (dw, dh) => replace(resizeWidget(w, dw, dh)),
                    edit: () => onEdit?.(w.id),
                    remove: () => onChange?.(widgets.filter((x) => x.id !== w.id)),
                    dragStart: dragStart(w),
                  }
                : undefined
            }
          />
        );
      })}
    </div>
  );
}

// Canvas layers drawn behind and over uPlot's series: thinned spans, alarm spans, threshold lines.
import type uPlot from 'uplot';
import type { Threshold } from '../../lib/chart-data';
import type { ChartMark } from '../../lib/rule-marks';

const MARK_FILL: Record<ChartMark['kind'], string> = {
  raised: 'rgba(217,83,79,0.16)',
  alarm: 'rgba(240,173,78,0.22)',
};
const MARK_EDGE: Record<ChartMark['kind'], string> = { raised: '#d9534f', alarm: '#e08e0b' };
const THRESHOLD_COLOR: Record<string, string> = { fatal: '#c62828', critical: '#c62828', warning: '#d97706' };

/** Shaded spans with a line where each starts, under the series. */
export function drawMarks(u: uPlot, marks: readonly ChartMark[]): void {
  const { ctx, bbox } = u;
  const xMax = u.scales.x?.max ?? 0;
  ctx.save();
  for (const m of marks) {
    const x0 = u.valToPos(m.start / 1000, 'x', true);
    const x1 = u.valToPos((m.end ?? xMax * 1000) / 1000, 'x', true);
    const left = Math.max(bbox.left, x0);
    const right = Math.min(bbox.left + bbox.width, Math.max(x1, x0 + 2));
    if (right < bbox.left || left > bbox.left + bbox.width) continue;
    ctx.fillStyle = MARK_FILL[m.kind];
    ctx.fillRect(left, bbox.top, right - left, bbox.height);
    if (x0 >= bbox.left) {
      ctx.fillStyle = MARK_EDGE[m.kind];
      ctx.fillRect(x0 - 1, bbox.top, 2, bbox.height);
    }
  }
  ctx.restore();
}

/** Fills the plot area over [from, to) (seconds), clipped to the visible x range. */
export function drawShade(u: uPlot, span: { from: number; to: number } | undefined): void {
  if (!span) return;
  const left = Math.max(u.bbox.left, u.valToPos(span.from, 'x', true));
  const right = Math.min(u.bbox.left + u.bbox.width, u.valToPos(span.to, 'x', true));
  if (right <= left) return;
  u.ctx.save();
  u.ctx.fillStyle = 'rgba(154,103,0,0.08)';
  u.ctx.fillRect(left, u.bbox.top, right - left, u.bbox.height);
  u.ctx.restore();
}

/** Dashed horizontal lines at the rules' thresholds, labelled with the rule's name and value. */
export function drawThresholds(
  u: uPlot,
  thresholds: readonly Threshold[],
  format: (v: number) => string,
): void {
  const { ctx, bbox } = u;
  const px = devicePixelRatio || 1;
  ctx.save();
  ctx.setLineDash([6 * px, 4 * px]);
  ctx.lineWidth = 1.5 * px;
  ctx.font = `${11 * px}px sans-serif`;
  ctx.textAlign = 'right';
  for (const th of thresholds) {
    const y = u.valToPos(th.value, th.scale ?? 'y', true);
    if (y < bbox.top || y > bbox.top + bbox.height) continue;
    const color = THRESHOLD_COLOR[th.severity] ?? '#d97706';
    ctx.strokeStyle = color;
    ctx.beginPath();
    ctx.moveTo(bbox.left, y);
    ctx.lineTo(bbox.left + bbox.width, y);
    ctx.stroke();
    ctx.fillStyle = color;
    ctx.fillText(`${th.rule}: ${format(th.value)}`, bbox.left + bbox.width - 4 * px, y - 4 * px);
  }
  ctx.restore();
}

/**
 * uPlot's setSelect hook for "drag across the chart to zoom": reports the dragged x range (ms) and
 * clears the selection; the chart's owner fetches the range at the resolution that fits.
 */
export function zoomOnSelect(onZoom: () => ((start: number, end: number) => void) | undefined) {
  return (u: uPlot): void => {
    const { left, width } = u.select;
    if (width > 4) onZoom()?.(u.posToVal(left, 'x') * 1000, u.posToVal(left + width, 'x') * 1000);
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
  };
}

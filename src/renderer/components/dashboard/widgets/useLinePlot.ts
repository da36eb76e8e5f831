// The dashboard chart's uPlot: made when its box is laid out, drawn first when its data is in (one draw
// with the data, not an empty one in the way of the answer and more after it), resized with its box.
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import uPlot from 'uplot';
import { measureThen, observeSize } from '../../../lib/layout-batch';

type Size = { width: number; height: number };

export interface LinePlotInput {
  box: RefObject<HTMLDivElement | null>;
  /** the plot can be made (the site's names and units are in: made once they are known, not twice) */
  ready: boolean;
  /** what makes it anew (its series and language, its range, the theme); always the same length */
  buildDeps: readonly unknown[];
  options: (size: Size) => uPlot.Options;
  data: uPlot.AlignedData;
  /** what it shows is in (answered or failed): the first draw waits for it */
  dataIn: boolean;
  /** what draws it again with `data`; always the same length */
  dataDeps: readonly unknown[];
  /** what draws it again as it is (its thresholds and marks); always the same length */
  redrawDeps: readonly unknown[];
  /** lines hidden from the legend: kept when it is made anew */
  hidden: ReadonlySet<number>;
  /** the plot's width in CSS px, in steps of 50 (the resolution a zoom asks for), after each fit */
  onWidth: (px: number) => void;
}

/** The chart once drawn (null before its data is in or while it is made anew). */
export function useLinePlot(o: LinePlotInput): RefObject<uPlot | null> {
  const plot = useRef<uPlot | null>(null);
  /** draws the plot first; set while it waits for its data */
  const startPlot = useRef<(() => void) | null>(null);
  const latest = useRef(o);
  latest.current = o;

  useEffect(() => {
    const el = o.box.current;
    if (!el || !o.ready) return;
    // the box is what the legend and the buttons leave (CSS): its size is the plot's
    const size = (): Size => ({
      width: Math.max(200, el.clientWidth),
      height: Math.max(100, el.clientHeight),
    });
    let u: uPlot | null = null;
    let last: Size = { width: 0, height: 0 };
    const fit = (next: Size) => {
      // before its first draw the plot takes the latest size then
      if (!u || plot.current !== u) return;
      if (next.width !== last.width || next.height !== last.height) {
        last = next;
        u.setSize(next);
      }
      latest.current.onWidth(Math.max(200, Math.round(u.bbox.width / (devicePixelRatio || 1) / 50) * 50));
    };
    // every chart of a dashboard measures in one batch (lib/layout-batch.ts): one layout, not one each
    let cancelFit = () => {};
    const refit = () => {
      cancelFit();
      cancelFit = measureThen(size, fit);
    };
    let stopObserving = () => {};
    const cancelBuild = measureThen(size, (first) => {
      last = first;
      // its elements now, its first draw when the data is in (uPlot's deferred init)
      u = new uPlot(latest.current.options(first), latest.current.data, (self, init) => {
        el.appendChild(self.root);
        startPlot.current = () => {
          startPlot.current = null;
          init();
          plot.current = self;
          // one task: uPlot draws once for all of these
          self.setData(latest.current.data, true);
          latest.current.hidden.forEach((i) => self.setSeries(i + 1, { show: false }));
          refit();
        };
      });
      if (latest.current.dataIn) startPlot.current?.();
      stopObserving = observeSize(el, refit);
    });
    return () => {
      cancelBuild();
      cancelFit();
      stopObserving();
      startPlot.current = null;
      u?.destroy();
      plot.current = null;
    };
  }, [...o.buildDeps, o.ready]);

  // in the commit that brings the data, before the browser paints: the lines are drawn in the same frame
  // as the page's other changes, not in a task (and often a frame) after it
  useLayoutEffect(() => {
    if (!latest.current.dataIn) return;
    if (startPlot.current) startPlot.current();
    else plot.current?.setData(latest.current.data, true);
  }, [...o.dataDeps, o.dataIn]);

  useEffect(() => {
    plot.current?.redraw(false);
  }, o.redrawDeps);

  return plot;
}

import { useCallback, useLayoutEffect, useRef, useState } from 'react';

/** rows drawn above and below the visible ones, so Tab and a fast wheel find rows already there */
const OVERSCAN = 12;

export interface RowWindow {
  /** the scroll container's ref */
  ref: (el: HTMLDivElement | null) => void;
  onScroll: () => void;
  start: number;
  end: number;
  /** heights of the empty space standing for the rows not drawn, above and below */
  padTop: number;
  padBottom: number;
}

/**
 * Which of `count` rows of a fixed `rowHeight` a scroll container shows: a list of 1 000 gateways
 * drawn whole costs seconds on a busy PC, the ~20 rows on screen cost nothing. `offset` is the
 * height of what precedes the first row inside the container (a sticky table header).
 */
export function useRowWindow(count: number, rowHeight: number, offset = 0): RowWindow {
  const box = useRef<HTMLDivElement | null>(null);
  const [view, setView] = useState({ top: 0, height: 800 });

  const measure = useCallback(() => {
    const el = box.current;
    if (!el) return;
    const next = { top: el.scrollTop, height: el.clientHeight || 800 };
    // one render per row crossed, not per scrolled pixel
    setView((v) =>
      Math.floor(v.top / rowHeight) === Math.floor(next.top / rowHeight) && v.height === next.height
        ? v
        : next,
    );
  }, [rowHeight]);

  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback(
    (el: HTMLDivElement | null) => {
      observer.current?.disconnect();
      box.current = el;
      if (!el) return;
      observer.current = new ResizeObserver(measure);
      observer.current.observe(el);
    },
    [measure],
  );
  useLayoutEffect(() => () => observer.current?.disconnect(), []);

  const first = Math.floor(Math.max(0, view.top - offset) / rowHeight);
  const start = Math.max(0, Math.min(count, first) - OVERSCAN);
  const end = Math.min(count, first + Math.ceil(view.height / rowHeight) + OVERSCAN);
  return {
    ref,
    onScroll: measure,
    start,
    end,
    padTop: start * rowHeight,
    padBottom: (count - end) * rowHeight,
  };
}

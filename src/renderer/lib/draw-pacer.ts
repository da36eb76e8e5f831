// Paces the live redraws of a page's charts. At 10 values a second, ten charts each drawn again for
// every value were ten uPlot draws (and ten React renders) in one frame: a long task of 50–60 ms
// (bench/console-render.ts, "live"), for lines that move less than a pixel between two values.

/** How often a live chart is drawn again: once per pixel's time, kept between 250 ms and 1 s. */
export function liveDrawInterval(rangeMs: number, widthPx: number): number {
  const perPixel = rangeMs / Math.max(1, widthPx);
  return Math.min(1000, Math.max(250, Math.round(perPixel)));
}

interface Pending {
  draw: () => void;
  due: number;
}

/**
 * Runs each key's latest draw no sooner than its interval after its last one, and at most `perFrame`
 * draws in one frame, the longest waiting first: ten charts due together are spread over five frames.
 */
export class DrawPacer<K> {
  private readonly pending = new Map<K, Pending>();
  private readonly drawnAt = new Map<K, number>();
  private scheduled = false;

  constructor(
    private readonly frame: (fn: () => void) => void,
    private readonly now: () => number,
    private readonly perFrame = 2,
  ) {}

  /** Draw `key` with `draw` once it may; a later request before then replaces the draw. */
  request(key: K, intervalMs: number, draw: () => void): void {
    const waiting = this.pending.get(key);
    if (waiting) {
      waiting.draw = draw;
      return;
    }
    const last = this.drawnAt.get(key);
    this.pending.set(key, { draw, due: last === undefined ? this.now() : last + intervalMs });
    this.schedule();
  }

  /** Forget `key` (its chart is gone): a pending draw does not run. */
  cancel(key: K): void {
    this.pending.delete(key);
    this.drawnAt.delete(key);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.frame(() => this.onFrame());
  }

  private onFrame(): void {
    this.scheduled = false;
    const at = this.now();
    const due = [...this.pending].filter(([, p]) => p.due <= at).sort((a, b) => a[1].due - b[1].due);
    for (const [key, p] of due.slice(0, this.perFrame)) {
      this.pending.delete(key);
      this.drawnAt.set(key, at);
      p.draw();
    }
    if (this.pending.size > 0) this.schedule();
  }
}

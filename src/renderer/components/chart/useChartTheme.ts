import { useEffect, useState } from 'react';

export interface ChartColors {
  axis: string;
  grid: string;
  line: string;
  band: string;
  fill: string;
  dark: boolean;
}

/** The chart's colours from the stylesheet's variables, so dark mode (OS or the user's pick) applies. */
function readColors(): ChartColors {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const bg = v('--bg', '#f4f6f9');
  // the dark palette's background starts with a low digit; cheap and stable enough for two palettes
  const dark = /^#[0-3]/.test(bg);
  return {
    axis: v('--muted', '#5b6472'),
    grid: dark ? 'rgba(255,255,255,0.07)' : '#eef0f3',
    line: dark ? '#58a6ff' : '#1f6feb',
    band: dark ? 'rgba(88,166,255,0.22)' : 'rgba(31,111,235,0.16)',
    fill: dark ? 'rgba(88,166,255,0.08)' : 'rgba(31,111,235,0.06)',
    dark,
  };
}

/** Re-read when the OS scheme or the console's `data-theme` pick changes. */
export function useChartTheme(): ChartColors {
  const [colors, setColors] = useState(readColors);
  useEffect(() => {
    const update = () =>
      setColors((old) => {
        const next = readColors();
        return old.dark === next.dark && old.axis === next.axis ? old : next;
      });
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    mq.addEventListener('change', update);
    const mo = new MutationObserver(update);
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      mq.removeEventListener('change', update);
      mo.disconnect();
    };
  }, []);
  return colors;
}

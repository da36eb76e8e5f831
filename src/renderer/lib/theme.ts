// Light / dark: follows the OS (prefers-color-scheme) unless the user picked one; the pick is remembered.
export type ThemeChoice = 'system' | 'light' | 'dark';

export const THEME_KEY = 'edgeSite.theme';
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

export function parseTheme(v: unknown): ThemeChoice {
  return v === 'light' || v === 'dark' ? v : 'system';
}

/** The theme shown: the pick, or the OS's when the pick is `system`. */
export function effectiveTheme(choice: ThemeChoice, osDark: boolean): 'light' | 'dark' {
  return choice === 'system' ? (osDark ? 'dark' : 'light') : choice;
}

/** The next pick of the header's toggle: system → light → dark → system. */
export function nextTheme(choice: ThemeChoice): ThemeChoice {
  return THEME_CHOICES[(THEME_CHOICES.indexOf(choice) + 1) % THEME_CHOICES.length] ?? 'system';
}

export function initialTheme(): ThemeChoice {
  try {
    return parseTheme(localStorage.getItem(THEME_KEY));
  } catch {
    return 'system'; // storage unavailable
  }
}

/** `data-theme` on <html> is set only for a pick; without it the stylesheet follows the OS. */
export function applyTheme(choice: ThemeChoice): void {
  const el = document.documentElement;
  if (choice === 'system') delete el.dataset.theme;
  else el.dataset.theme = choice;
}

export function saveTheme(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, choice);
  } catch {
    /* storage unavailable: the pick lasts for this page */
  }
  applyTheme(choice);
}

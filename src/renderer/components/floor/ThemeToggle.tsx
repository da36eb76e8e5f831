import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { initialTheme, nextTheme, saveTheme, type ThemeChoice } from '../../lib/theme';

const ICON: Record<ThemeChoice, string> = { system: '◐', light: '☀', dark: '☾' };

/** One button: follows the OS → light → dark → follows the OS again; the pick is remembered. */
export function ThemeToggle() {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<ThemeChoice>(initialTheme);
  const label = t(`floor.theme.${choice}`);
  return (
    <button
      type="button"
      className="btn theme-toggle"
      data-testid="theme-toggle"
      data-theme-choice={choice}
      title={label}
      aria-label={label}
      onClick={() => {
        const next = nextTheme(choice);
        saveTheme(next);
        setChoice(next);
      }}
    >
      {ICON[choice]}
    </button>
  );
}

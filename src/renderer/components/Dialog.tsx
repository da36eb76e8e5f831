import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** In-page replacements for window.confirm / window.prompt: translated, styled, keyboard-friendly. */
export interface Dialogs {
  /** resolves true when confirmed, false when cancelled (button, Esc) */
  confirm(message: string, o?: { confirmLabel?: string; danger?: boolean }): Promise<boolean>;
  /** resolves the trimmed text, or null when cancelled */
  prompt(message: string, initial?: string): Promise<string | null>;
}

interface Open {
  kind: 'confirm' | 'prompt';
  message: string;
  initial: string;
  confirmLabel?: string;
  danger?: boolean;
  resolve: (v: string | null) => void;
}

const DialogContext = createContext<Dialogs | null>(null);

export function useDialogs(): Dialogs {
  const d = useContext(DialogContext);
  if (!d) throw new Error('useDialogs outside <DialogProvider>');
  return d;
}

export function DialogProvider({ children }: { children: React.ReactNode }) {
  const [open, setOpen] = useState<Open | null>(null);
  const ask = useCallback(
    (o: Omit<Open, 'resolve'>) =>
      new Promise<string | null>((resolve) =>
        setOpen((old) => {
          old?.resolve(null); // one dialog at a time: an older question counts as cancelled
          return { ...o, resolve };
        }),
      ),
    [],
  );
  const dialogs = useMemo<Dialogs>(
    () => ({
      confirm: async (message, o = {}) =>
        (await ask({ kind: 'confirm', message, initial: '', ...o })) !== null,
      prompt: async (message, initial = '') => {
        const v = await ask({ kind: 'prompt', message, initial });
        return v === null ? null : v.trim();
      },
    }),
    [ask],
  );
  const close = (v: string | null) => {
    open?.resolve(v);
    setOpen(null);
  };
  return (
    <DialogContext.Provider value={dialogs}>
      {children}
      {open && <DialogBox open={open} onClose={close} />}
    </DialogContext.Provider>
  );
}

const FOCUSABLE = 'button, input, [tabindex]:not([tabindex="-1"])';

/** Tab and Shift+Tab cycle inside the box; Esc cancels; focus returns where it was on close. */
function useFocusTrap(box: React.RefObject<HTMLElement | null>, onEscape: () => void) {
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const el = box.current;
    const first =
      el?.querySelector<HTMLElement>('input') ?? el?.querySelector<HTMLElement>('[data-autofocus]');
    first?.focus();
    if (first instanceof HTMLInputElement) first.select();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onEscape();
        return;
      }
      if (e.key !== 'Tab' || !el) return;
      const items = [...el.querySelectorAll<HTMLElement>(FOCUSABLE)];
      if (items.length === 0) return;
      const i = items.indexOf(document.activeElement as HTMLElement);
      const next = e.shiftKey ? (i <= 0 ? items.length - 1 : i - 1) : i === items.length - 1 ? 0 : i + 1;
      e.preventDefault();
      items[next]?.focus();
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      before?.focus?.();
    };
    // the trap belongs to one opening of the box
  }, []);
}

function DialogBox({ open, onClose }: { open: Open; onClose: (v: string | null) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(open.initial);
  const box = useRef<HTMLFormElement>(null);
  const cancel = useRef(() => onClose(null));
  cancel.current = () => onClose(null);
  useFocusTrap(box, () => cancel.current());
  const valid = open.kind === 'confirm' || value.trim() !== '';
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose(null)}>
      <form
        ref={box}
        className="dialog"
        role={open.kind === 'confirm' ? 'alertdialog' : 'dialog'}
        aria-modal="true"
        aria-labelledby="dialog-message"
        data-testid="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) onClose(open.kind === 'prompt' ? value : '');
        }}
      >
        <label
          id="dialog-message"
          className="dialog-message"
          htmlFor={open.kind === 'prompt' ? 'dialog-input' : undefined}
        >
          {open.message}
        </label>
        {open.kind === 'prompt' && (
          <input
            id="dialog-input"
            className="input"
            data-testid="dialog-input"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" data-testid="dialog-cancel" onClick={() => onClose(null)}>
            {t('dialog.cancel')}
          </button>
          <button
            type="submit"
            className={`btn ${open.danger ? 'btn-danger' : 'btn-primary'}`}
            data-testid="dialog-ok"
            data-autofocus
            disabled={!valid}
          >
            {open.confirmLabel ?? t('dialog.ok')}
          </button>
        </div>
      </form>
    </div>
  );
}

import { useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';

/** A block of text to hand to a gateway, with a copy button that also works where the clipboard API is not. */
export function CopyText({
  text,
  testId,
  block = false,
  primary = false,
}: {
  text: string;
  testId: string;
  block?: boolean;
  /** the copy is the next thing to do (the guide's shared Server section) */
  primary?: boolean;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState<'ok' | 'fail' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('ok');
    } catch {
      // no clipboard API (plain http on a LAN address): select the text for Ctrl+C instead
      if (ref.current) window.getSelection()?.selectAllChildren(ref.current);
      setCopied('fail');
    }
  };
  return (
    <div className={block ? 'copy-block' : 'copy-inline'}>
      {block ? (
        <pre className="config-json" data-testid={testId} ref={ref as RefObject<HTMLPreElement>}>
          {text}
        </pre>
      ) : (
        <code className="apikey" data-testid={testId} ref={ref}>
          {text}
        </code>
      )}
      <div className="copy-actions">
        <button
          type="button"
          className={primary ? 'btn btn-small btn-primary' : 'btn btn-small'}
          data-testid={`${testId}-copy`}
          onClick={() => void copy()}
        >
          {t('floor.onboarding.copy')}
        </button>
        {copied === 'ok' && <span className="text-ok small">{t('floor.onboarding.copied')}</span>}
        {copied === 'fail' && <span className="muted small">{t('floor.onboarding.copyManually')}</span>}
      </div>
    </div>
  );
}

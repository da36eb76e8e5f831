import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError, errorMessage } from '../../net/client';
import { login, setup } from '../../net/auth';

/** The sign-in page, or (mode setup) the first-run page that creates the administrator. */
export function SignInPage({ mode, onSignedIn }: { mode: 'signIn' | 'setup'; onSignedIn: () => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState(mode === 'setup' ? 'admin' : '');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (mode === 'setup' && password !== repeat) return setError(t('auth.mismatch'));
    setBusy(true);
    setError(null);
    try {
      await (mode === 'setup' ? setup(username, password) : login(username, password));
      onSignedIn();
    } catch (err) {
      const code = err instanceof ApiRequestError ? err.code : null;
      setError(
        code === 'ES_UNAUTHORIZED'
          ? t('auth.wrong')
          : code === 'ES_RATE_LIMITED'
            ? t('auth.limited')
            : errorMessage(err),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="signin-shell">
      <form className="card signin-card form" onSubmit={(e) => void submit(e)} data-testid={`${mode}-form`}>
        <div className="brand">
          <span className="brand-mark">ES</span>
          <div className="brand-name">Edge Site</div>
        </div>
        <h1>{t(mode === 'setup' ? 'auth.setupTitle' : 'auth.signInTitle')}</h1>
        <p className="muted">{t(mode === 'setup' ? 'auth.setupIntro' : 'auth.signInIntro')}</p>
        <label>
          {t('auth.username')}
          <input
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label>
          {t('auth.password')}
          <input
            name="password"
            type="password"
            autoComplete={mode === 'setup' ? 'new-password' : 'current-password'}
            required
            minLength={mode === 'setup' ? 8 : undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          {mode === 'setup' && <span className="muted">{t('auth.passwordHint')}</span>}
        </label>
        {mode === 'setup' && (
          <label>
            {t('auth.passwordRepeat')}
            <input
              name="repeat"
              type="password"
              autoComplete="new-password"
              required
              value={repeat}
              onChange={(e) => setRepeat(e.target.value)}
            />
          </label>
        )}
        {error && (
          <div className="error" role="alert" data-testid="signin-error">
            {error}
          </div>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="signin-submit">
          {busy ? t('auth.signingIn') : t(mode === 'setup' ? 'auth.create' : 'auth.signIn')}
        </button>
      </form>
    </div>
  );
}

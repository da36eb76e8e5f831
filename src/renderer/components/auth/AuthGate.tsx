import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, SessionResponse } from '../../../shared/auth';
import { roleAtLeast } from '../../../shared/auth';
import { SIGNED_OUT_EVENT } from '../../net/client';
import { desktopSignIn, getSession, logout } from '../../net/auth';
import { SignInPage } from './SignInPage';

export interface SignedIn {
  username: string;
  role: Role;
  can(role: Role): boolean;
  signOut(): void;
}

const SessionContext = createContext<SignedIn | null>(null);

/** the signed-in user (inside AuthGate there always is one) */
export function useSession(): SignedIn {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside AuthGate');
  return session;
}

/**
 * The console only for a signed-in user: first run → the setup page, no session → the desktop
 * window's automatic sign-in or the sign-in page, a 401 later (session ended) → the sign-in page again.
 */
export function AuthGate({
  children,
  firstSession,
}: {
  children: ReactNode;
  /** GET /session already under way (started before React's first render: every page waits for it) */
  firstSession?: Promise<SessionResponse>;
}) {
  const { t } = useTranslation();
  const [session, setSession] = useState<SessionResponse | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const early = useRef(firstSession);

  const refresh = useCallback(async () => {
    try {
      const pending = early.current;
      early.current = undefined;
      let s = await (pending ?? getSession());
      if (!s.setupRequired && !s.signedIn && (await desktopSignIn().catch(() => false)))
        s = await getSession();
      setSession(s);
      setFailed(null);
    } catch (err) {
      setFailed((err as Error).message);
    }
  }, []);

  useEffect(() => {
    void refresh();
    const onSignedOut = () => setSession({ setupRequired: false, signedIn: false });
    window.addEventListener(SIGNED_OUT_EVENT, onSignedOut);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, onSignedOut);
  }, [refresh]);

  if (failed) return <div className="signin-shell error">{failed}</div>;
  if (!session) return <div className="signin-shell muted">{t('auth.checking')}</div>;
  if (session.setupRequired) return <SignInPage mode="setup" onSignedIn={() => void refresh()} />;
  if (!session.signedIn) return <SignInPage mode="signIn" onSignedIn={() => void refresh()} />;
  const value: SignedIn = {
    username: session.username,
    role: session.role,
    can: (role) => roleAtLeast(session.role, role),
    signOut: () => void logout().finally(() => setSession({ setupRequired: false, signedIn: false })),
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** the header's user: name, role, sign-out */
export function UserMenu() {
  const { t } = useTranslation();
  const { username, role, signOut } = useSession();
  return (
    <div className="user-menu" data-testid="user-menu">
      <span className="user-name" title={t(`auth.role.${role}`)}>
        {username} <span className="muted">· {t(`auth.role.${role}`)}</span>
      </span>
      <button
        type="button"
        className="btn btn-small"
        onClick={signOut}
        data-testid="sign-out"
        title={`${t('auth.signOut')} (${username})`}
        aria-label={`${t('auth.signOut')} (${username})`}
      >
        <span aria-hidden="true">⏻</span> <span className="sign-out-label">{t('auth.signOut')}</span>
      </button>
    </div>
  );
}

import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, SessionResponse } from '../../../shared/auth';
import { roleAtLeast } from '../../../shared/auth';
import { SIGNED_OUT_EVENT } from '../../net/client';
import { desktopSignIn, getSession, logout } from '../../net/auth';
import { rememberSignedIn, signedInHint } from '../../net/early-session';
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
  // the user last seen signed in: the console starts at once, and the session's answer (or a 401 from
  // any request) corrects it
  const [session, setSession] = useState<SessionResponse | null>(() => {
    const hint = signedInHint();
    return hint && { setupRequired: false, signedIn: true, ...hint, via: 'session', expiresAt: null };
  });
  const [failed, setFailed] = useState<string | null>(null);
  const early = useRef(firstSession);

  const refresh = useCallback(async () => {
    try {
      const pending = early.current;
      early.current = undefined;
      let s = await (pending ?? getSession());
      if (!s.setupRequired && !s.signedIn && (await desktopSignIn().catch(() => false)))
        s = await getSession();
      rememberSignedIn(!s.setupRequired && s.signedIn ? { username: s.username, role: s.role } : null);
      // the same user as guessed: no new context, so the pages already started do not render again
      setSession((old) => (sameUser(old, s) ? old : s));
      setFailed(null);
    } catch (err) {
      setFailed((err as Error).message);
    }
  }, []);

  useEffect(() => {
    void refresh();
    const onSignedOut = () => {
      rememberSignedIn(null);
      setSession({ setupRequired: false, signedIn: false });
    };
    window.addEventListener(SIGNED_OUT_EVENT, onSignedOut);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, onSignedOut);
  }, [refresh]);

  if (failed) return <div className="signin-shell error">{failed}</div>;
  if (!session) return <div className="signin-shell muted">{t('auth.checking')}</div>;
  if (session.setupRequired) return <SignInPage mode="setup" onSignedIn={() => void refresh()} />;
  if (!session.signedIn) return <SignInPage mode="signIn" onSignedIn={() => void refresh()} />;
  return (
    <SignedInProvider session={session} onSignOut={setSession}>
      {children}
    </SignedInProvider>
  );
}

function sameUser(a: SessionResponse | null, b: SessionResponse): boolean {
  if (!a || a.setupRequired || b.setupRequired || !a.signedIn || !b.signedIn) return false;
  return a.username === b.username && a.role === b.role;
}

function SignedInProvider({
  session,
  onSignOut,
  children,
}: {
  session: { username: string; role: Role };
  onSignOut: (s: SessionResponse) => void;
  children: ReactNode;
}) {
  const { username, role } = session;
  // one value per user: AuthGate's own renders do not render every page again
  const value = useMemo<SignedIn>(
    () => ({
      username,
      role,
      can: (r) => roleAtLeast(role, r),
      signOut: () => {
        rememberSignedIn(null);
        void logout().finally(() => onSignOut({ setupRequired: false, signedIn: false }));
      },
    }),
    [username, role, onSignOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** the header's user: name, role, sign-out */
export function UserMenu() {
  const { t } = useTranslation();
  const { username, role, signOut } = useSession();
  const roleName = t(`auth.role.${role}`);
  return (
    <div className="user-menu" data-testid="user-menu">
      <span className="user-name" title={roleName}>
        {username}
        {/* "admin · admin" says nothing twice: the role is named when it is not the user's name */}
        {roleName.toLowerCase() !== username.toLowerCase() && <span className="muted"> · {roleName}</span>}
      </span>
      <button
        type="button"
        className="btn btn-small"
        onClick={signOut}
        data-testid="sign-out"
        title={`${t('auth.signOut')} (${username})`}
        aria-label={`${t('auth.signOut')} (${username})`}
      >
        <SignOutIcon /> <span className="sign-out-label">{t('auth.signOut')}</span>
      </button>
    </div>
  );
}

/** a door with an arrow leaving it (the power glyph ⏻ is missing from the usual fonts: a box) */
function SignOutIcon() {
  return (
    <svg
      className="sign-out-icon"
      aria-hidden="true"
      width="14"
      height="14"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="M6 2.5H3.5a1 1 0 0 0-1 1v9a1 1 0 0 0 1 1H6" />
      <path d="M10 5l3 3-3 3M13 8H6" />
    </svg>
  );
}

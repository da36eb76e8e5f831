import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../shared/auth';
import { useSession } from './AuthGate';

/**
 * Write controls only for a role the API would allow: anyone below `role` sees `fallback` (nothing by
 * default) instead of a button that can only answer 403.
 */
export function RequireRole({
  role,
  children,
  fallback = null,
}: {
  role: Role;
  children: ReactNode;
  fallback?: ReactNode;
}) {
  return useSession().can(role) ? <>{children}</> : <>{fallback}</>;
}

/** A one-line note where write controls were left out: why they are missing. */
export function ReadOnlyNote({ role = 'technician' }: { role?: Role }) {
  const { t } = useTranslation();
  const session = useSession();
  if (session.can(role)) return null;
  return (
    <p className="muted small role-note" role="note" data-testid="read-only-note">
      🔒 {role === 'admin' ? t('access.adminOnly') : t('access.techOnly')}
    </p>
  );
}

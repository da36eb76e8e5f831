import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { PageHeader } from '../components/Card';
import { AuditSection } from '../components/access/AuditSection';
import { TokensSection } from '../components/access/TokensSection';
import { UsersSection } from '../components/access/UsersSection';
import { useSession } from '../components/auth/AuthGate';
import { useLiveReconnects } from '../hooks/useLive';

/** Users & access (admins): users, API tokens, the audit trail. */
export function AccessPage() {
  const { t } = useTranslation();
  const session = useSession();
  const reconnects = useLiveReconnects();
  // a change made here shows in the audit trail below at once
  const [changes, setChanges] = useState(0);
  const changed = () => setChanges((n) => n + 1);
  // every other role would only see 403s here
  if (!session.can('admin')) return <Navigate to="/overview" replace />;
  return (
    <div className="page access-page" data-testid="access-page">
      <PageHeader title={t('access.title')} sub={t('access.sub')} />
      <UsersSection onChanged={changed} />
      <TokensSection onChanged={changed} />
      <AuditSection refreshKey={reconnects + changes} />
    </div>
  );
}

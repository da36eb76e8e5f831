import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../net/client';
import { PageHeader } from '../components/Card';
import { Loaded } from '../components/State';
import { Onboarding } from '../components/floor/Onboarding';
import { useApi } from '../hooks/useApi';

/** The first-run guide on its own address, for the register page to link to (the overview embeds it too). */
export function WelcomePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const overview = useApi((s) => api.overview(s), []);
  return (
    <div className="page">
      <PageHeader title={t('floor.overview.guide')} />
      <Loaded state={overview}>
        {(o) => <Onboarding endpoints={o.endpoints} onDone={() => void navigate('/dashboards')} />}
      </Loaded>
    </div>
  );
}

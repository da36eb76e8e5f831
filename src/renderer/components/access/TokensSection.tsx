import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type ApiTokenView, type Role } from '../../../shared/auth';
import { useApi } from '../../hooks/useApi';
import { formatTime } from '../../lib/format';
import { accessApi, type IssuedToken } from '../../net/access';
import { errorMessage } from '../../net/client';
import { Card } from '../Card';
import { useDialogs } from '../Dialog';
import { CopyText } from '../floor/CopyText';
import { ErrorBox, Loading } from '../State';

/** The secret of a new token: shown here once (the site keeps only its hash). */
function IssuedTokenBox({ issued, onDone }: { issued: IssuedToken; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="token-issued" role="status" data-testid="token-issued">
      <strong>{t('access.tokenFor', { name: issued.name, role: t(`auth.role.${issued.role}`) })}</strong>
      <p className="token-warning">⚠ {t('access.tokenOnce')}</p>
      <CopyText text={issued.token} testId="token-secret" />
      <button type="button" className="btn btn-small" data-testid="token-issued-done" onClick={onDone}>
        {t('access.done')}
      </button>
    </div>
  );
}

function TokenRow({ tok, onRevoke }: { tok: ApiTokenView; onRevoke: () => void }) {
  const { t } = useTranslation();
  return (
    <tr data-testid={`token-row-${tok.name}`}>
      <td data-label={t('access.col.name')}>
        <strong>{tok.name}</strong>
      </td>
      <td data-label={t('access.col.role')}>{t(`auth.role.${tok.role}`)}</td>
      <td data-label={t('access.col.created')} className="nowrap">
        {formatTime(tok.createdAt)} <span className="muted">· {tok.createdBy}</span>
      </td>
      <td data-label={t('access.col.lastUsed')} className="nowrap">
        {tok.lastUsedAt ? formatTime(tok.lastUsedAt) : <span className="muted">{t('access.never')}</span>}
      </td>
      <td className="row-actions">
        <div>
          <button
            type="button"
            className="btn btn-small btn-danger"
            data-testid={`token-revoke-${tok.name}`}
            onClick={onRevoke}
          >
            {t('access.revoke')}
          </button>
        </div>
      </td>
    </tr>
  );
}

/** API tokens for LAN clients: list, create (secret shown once), revoke. */
export function TokensSection({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const dialogs = useDialogs();
  const tokens = useApi((signal) => accessApi.tokens(signal), []);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const [error, setError] = useState<string | null>(null);

  const create = async () => {
    if (!name.trim()) return;
    setBusy(true);
    setError(null);
    try {
      setIssued(await accessApi.createToken(name.trim(), role));
      setName('');
      tokens.reload();
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (tok: ApiTokenView) => {
    if (!(await dialogs.confirm(t('access.revokeConfirm', { name: tok.name }), { danger: true }))) return;
    try {
      await accessApi.revokeToken(tok.id);
    } catch (e) {
      setError(errorMessage(e));
    }
    tokens.reload();
    onChanged();
  };

  return (
    <Card title={t('access.tokens')} testId="access-tokens">
      <form
        className="form form-grid access-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <label>
          {t('access.tokenName')}
          <input
            data-testid="token-name"
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
          />
          <span className="field-hint">{t('access.tokenNameHint')}</span>
        </label>
        <label>
          {t('access.col.role')}
          <select data-testid="token-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`auth.role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="form-submit">
          <button
            type="submit"
            className="btn btn-primary"
            data-testid="token-create"
            disabled={busy || !name.trim()}
          >
            {busy ? t('access.creating') : t('access.createToken')}
          </button>
        </div>
      </form>
      {issued && <IssuedTokenBox issued={issued} onDone={() => setIssued(null)} />}
      {error && (
        <p className="field-error" role="alert" data-testid="tokens-error">
          {error}
        </p>
      )}
      {tokens.error ? <ErrorBox error={tokens.error} onRetry={tokens.reload} /> : null}
      {!tokens.data && !tokens.error && <Loading />}
      {tokens.data &&
        (tokens.data.data.length === 0 ? (
          <p className="muted" data-testid="tokens-none">
            {t('access.noTokens')}
          </p>
        ) : (
          <div className="table-wrap">
            <table className="table access-table" data-testid="tokens-table">
              <thead>
                <tr>
                  <th>{t('access.col.name')}</th>
                  <th>{t('access.col.role')}</th>
                  <th>{t('access.col.created')}</th>
                  <th>{t('access.col.lastUsed')}</th>
                  <th>{t('access.col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.data.map((tok) => (
                  <TokenRow key={tok.id} tok={tok} onRevoke={() => void revoke(tok)} />
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </Card>
  );
}

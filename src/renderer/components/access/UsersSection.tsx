import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role, type UserView } from '../../../shared/auth';
import { useApi } from '../../hooks/useApi';
import { formatTime } from '../../lib/format';
import { accessApi } from '../../net/access';
import { errorMessage } from '../../net/client';
import { Card } from '../Card';
import { useDialogs } from '../Dialog';
import { ErrorBox, Loading } from '../State';
import { useSession } from '../auth/AuthGate';

const MIN_PASSWORD = 8;

/** what the last action did: a line above the table, an error in red */
type Notice = { ok: boolean; text: string } | null;

function RoleSelect({
  value,
  onChange,
  testId,
  label,
}: {
  value: Role;
  onChange: (r: Role) => void;
  testId: string;
  label?: string;
}) {
  const { t } = useTranslation();
  return (
    <select
      value={value}
      data-testid={testId}
      aria-label={label}
      onChange={(e) => onChange(e.target.value as Role)}
    >
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {t(`auth.role.${r}`)}
        </option>
      ))}
    </select>
  );
}

function AddUserForm({ onAdded, setNotice }: { onAdded: () => void; setNotice: (n: Notice) => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [busy, setBusy] = useState(false);
  const problem =
    password && password.length < MIN_PASSWORD
      ? t('access.tooShort')
      : repeat && repeat !== password
        ? t('auth.mismatch')
        : null;
  const submit = async () => {
    if (problem || !username || !password || password !== repeat) return;
    setBusy(true);
    try {
      await accessApi.createUser(username.trim(), password, role);
      setNotice({ ok: true, text: t('access.userAdded', { name: username.trim() }) });
      setUsername('');
      setPassword('');
      setRepeat('');
      onAdded();
    } catch (e) {
      setNotice({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="form form-grid access-form"
      noValidate
      data-testid="user-add-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        {t('auth.username')}
        <input
          data-testid="user-add-name"
          value={username}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setUsername(e.target.value)}
        />
      </label>
      <label>
        {t('auth.password')}
        <input
          type="password"
          data-testid="user-add-password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <span className="field-hint">{t('auth.passwordHint')}</span>
      </label>
      <label>
        {t('auth.passwordRepeat')}
        <input
          type="password"
          data-testid="user-add-repeat"
          autoComplete="new-password"
          value={repeat}
          aria-invalid={!!problem}
          onChange={(e) => setRepeat(e.target.value)}
        />
        {problem && <span className="field-error">{problem}</span>}
      </label>
      <label>
        {t('access.col.role')}
        <RoleSelect value={role} onChange={setRole} testId="user-add-role" />
      </label>
      <div className="form-submit">
        <button
          type="submit"
          className="btn btn-primary"
          data-testid="user-add-submit"
          disabled={busy || !!problem || !username || !password || password !== repeat}
        >
          {busy ? t('access.adding') : t('access.addUser')}
        </button>
      </div>
    </form>
  );
}

function UserRow({ u, act }: { u: UserView; act: (f: () => Promise<string>) => void }) {
  const { t } = useTranslation();
  const { username } = useSession();
  const dialogs = useDialogs();
  const setRole = (role: Role) =>
    act(async () => {
      await accessApi.updateUser(u.username, { role });
      return t('access.roleChanged', { name: u.username, role: t(`auth.role.${role}`) });
    });
  const reset = async () => {
    const pw = await dialogs.prompt(t('access.resetPrompt', { name: u.username }));
    if (pw === null) return;
    act(async () => {
      if (pw.length < MIN_PASSWORD) throw new Error(t('access.tooShort'));
      await accessApi.updateUser(u.username, { password: pw });
      return t('access.passwordReset', { name: u.username });
    });
  };
  const remove = async () => {
    if (!(await dialogs.confirm(t('access.deleteConfirm', { name: u.username }), { danger: true }))) return;
    act(async () => {
      await accessApi.deleteUser(u.username);
      return '';
    });
  };
  return (
    <tr data-testid={`user-row-${u.username}`}>
      <td data-label={t('access.col.name')}>
        <strong>{u.username}</strong>
        {u.username === username && <span className="muted"> ({t('access.you')})</span>}
      </td>
      <td data-label={t('access.col.role')}>
        <RoleSelect
          value={u.role}
          onChange={setRole}
          testId={`user-role-${u.username}`}
          label={t('access.changeRole', { name: u.username })}
        />
      </td>
      <td data-label={t('access.col.created')} className="nowrap">
        {formatTime(u.createdAt)}
      </td>
      <td className="row-actions">
        <div>
          <button
            type="button"
            className="btn btn-small"
            data-testid={`user-reset-${u.username}`}
            onClick={() => void reset()}
          >
            {t('access.resetPassword')}
          </button>
          <button
            type="button"
            className="btn btn-small btn-danger"
            data-testid={`user-delete-${u.username}`}
            onClick={() => void remove()}
          >
            {t('access.deleteUser')}
          </button>
        </div>
      </td>
    </tr>
  );
}

/** The users: list, add, change role, reset password, delete. The API keeps the last admin. */
export function UsersSection({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const users = useApi((signal) => accessApi.users(signal), []);
  const [notice, setNotice] = useState<Notice>(null);
  const act = (f: () => Promise<string>) => {
    void f()
      .then((text) => setNotice(text ? { ok: true, text } : null))
      .catch((e: unknown) => setNotice({ ok: false, text: errorMessage(e) }))
      .finally(() => {
        users.reload();
        onChanged();
      });
  };
  return (
    <Card title={t('access.users')} testId="access-users">
      <AddUserForm
        onAdded={() => {
          users.reload();
          onChanged();
        }}
        setNotice={setNotice}
      />
      {notice && (
        <p
          className={notice.ok ? 'text-ok' : 'field-error'}
          role={notice.ok ? 'status' : 'alert'}
          data-testid="users-notice"
        >
          {notice.text}
        </p>
      )}
      {users.error ? <ErrorBox error={users.error} onRetry={users.reload} /> : null}
      {!users.data && !users.error && <Loading />}
      {users.data && (
        <div className="table-wrap">
          <table className="table access-table" data-testid="users-table">
            <thead>
              <tr>
                <th>{t('access.col.name')}</th>
                <th>{t('access.col.role')}</th>
                <th>{t('access.col.created')}</th>
                <th>{t('access.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.data.map((u) => (
                <UserRow key={u.username} u={u} act={act} />
              ))}
            </tbody>
          </table>
          {users.data.data.length === 0 && <p className="muted">{t('access.noUsers')}</p>}
        </div>
      )}
    </Card>
  );
}

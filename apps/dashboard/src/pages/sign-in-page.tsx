import { type FormEvent, useState } from 'react';
import { Client, fetchExchange } from 'urql';
import { graphqlEndpoint } from '../api-client.js';
import { graphql } from '../graphql.js';
import { useLanguage } from '../i18n.js';
import { type Role, roles, type Session, sessionFromToken } from '../session.js';

const defaultUsers: Record<Role, string> = {
  agent: 'li.na',
  supervisor: 'wang.qiang',
  manager: 'zhang.min',
  director: 'chen.jie',
  trainer: 'liu.yang',
};

const developmentTokenMutation = graphql(`
  mutation DashboardSignIn($userId: String!, $role: DevelopmentRole!, $team: String) {
    developmentToken(userId: $userId, role: $role, team: $team)
  }
`);

/**
 * Asks the embedded development server for a token (`developmentToken(userId, role, team)`, the role picker's
 * sign-in). Returns undefined when the server refuses it (PostgreSQL deployments): the user then pastes a token
 * from `kefu token`.
 */
export async function requestDevelopmentToken(
  userId: string,
  role: Role,
  team?: string,
): Promise<string | undefined> {
  const client = new Client({ url: graphqlEndpoint, exchanges: [fetchExchange], preferGetMethod: false });
  const result = await client
    .mutation(developmentTokenMutation, { userId, role, team: team ?? null })
    .toPromise();
  return result.data?.developmentToken;
}

export function SignInPage({ onSignIn }: { onSignIn: (session: Session) => void }) {
  const { t } = useLanguage();
  const [role, setRole] = useState<Role>('supervisor');
  const [userId, setUserId] = useState(defaultUsers.supervisor);
  const [team, setTeam] = useState('');
  const [pasted, setPasted] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (pasted.trim()) {
        onSignIn(sessionFromToken(pasted.trim()));
        return;
      }
      const token = await requestDevelopmentToken(userId, role, team.trim() || undefined);
      if (!token) {
        setError(t('tokenNeeded'));
        return;
      }
      onSignIn({ userId, role, ...(team.trim() ? { team: team.trim() } : {}), token });
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="page sign-in-page">
      <form className="panel sign-in" onSubmit={submit}>
        <h1>{t('signInTitle')}</h1>
        <p className="hint">{t('signInHint')}</p>
        <fieldset className="role-picker">
          <legend>{t('role')}</legend>
          {roles.map((option) => (
            <label key={option} className={option === role ? 'selected' : ''}>
              <input
                type="radio"
                name="role"
                value={option}
                checked={option === role}
                onChange={() => {
                  setRole(option);
                  setUserId(defaultUsers[option]);
                }}
              />
              {t(`role_${option}`)} <small>({option})</small>
            </label>
          ))}
        </fieldset>
        <div className="form-row">
          <label htmlFor="user-id">{t('userId')}</label>
          <input
            id="user-id"
            name="userId"
            required
            value={userId}
            onChange={(event) => setUserId(event.target.value)}
          />
        </div>
        <div className="form-row">
          <label htmlFor="team">{t('team')}</label>
          <input
            id="team"
            name="team"
            value={team}
            placeholder="—"
            onChange={(event) => setTeam(event.target.value)}
          />
        </div>
        <p className="hint">
          {t('tokenCommandHint')}{' '}
          <code data-testid="token-command">
            npx kefu token --role {role} --user {userId}
            {team.trim() ? ` --team ${team.trim()}` : ''}
          </code>
        </p>
        <div className="form-row">
          <label htmlFor="token">{t('pasteToken')}</label>
          <textarea
            id="token"
            name="token"
            rows={2}
            value={pasted}
            placeholder="kefu token --role … --user …"
            onChange={(event) => setPasted(event.target.value)}
          />
        </div>
        {error ? (
          <p className="error-note" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {t('signIn')}
        </button>
      </form>
    </section>
  );
}

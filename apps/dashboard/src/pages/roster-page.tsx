import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useApp } from '../app-context.js';
import { ErrorNote } from '../components/error-note.js';
import { graphql } from '../graphql.js';
import { useLanguage } from '../i18n.js';
import { Link } from '../router.js';

interface HandOver {
  at: string;
  role: string;
  outgoing: string[];
  incoming: string[];
}
interface DutyNow {
  workingHours: boolean;
  roles: Array<{ role: string; userIds: string[] }>;
  nextHandOver: HandOver | null;
}
interface Roster {
  team: string;
  timeZone: string;
  version: number;
  updatedBy: string;
  rotations: Array<{
    role: string;
    members: string[];
    startDate: string;
    handOverAt: string;
    every: string;
    hoursFrom: string | null;
    hoursTo: string | null;
  }>;
  overrides: Array<{ role: string; userId: string; from: string; to: string; replaces: string | null }>;
}
interface ShiftBrief {
  at: string;
  openFollowUps: Array<{ id: string; state: string }>;
  callBacksDue: Array<{ complaint: { id: string }; callBackBy: string; overdue: boolean; note: string }>;
  breaches: Array<{ complaint: { id: string }; deadline: string; breachedAt: string }>;
  escalationsWaiting: Array<{ id: string; level: string }>;
}

const rosterQuery = graphql(`query Dashboard_roster($team: String!) {
  onDuty(team: $team) { workingHours roles { role userIds } nextHandOver { at role outgoing incoming } }
  roster(team: $team) {
    team timeZone version updatedBy
    rotations { role members startDate handOverAt every hoursFrom hoursTo }
    overrides { role userId from to replaces }
  }
}`);

const briefQuery = graphql(`query Dashboard_shiftBrief($team: String!, $at: DateTime) {
  shiftBrief(team: $team, at: $at) {
    at
    openFollowUps { id state }
    callBacksDue { complaint { id } callBackBy overdue note }
    breaches { complaint { id } deadline breachedAt }
    escalationsWaiting { id level }
  }
}`);

const addOverride = graphql(`mutation Dashboard_addRosterOverride($input: AddRosterOverrideInput!) {
  addRosterOverride(input: $input) { version }
}`);

/** Who is on duty in a team, its rotations and overrides, and the shift brief at the next hand-over. */
export function RosterPage() {
  const { session } = useApp();
  const { t } = useLanguage();
  const [team, setTeam] = useState(session.team ?? '');
  const [shown, setShown] = useState(session.team ?? '');
  return (
    <section className="page roster-page">
      <h1>{t('rosterTitle')}</h1>
      <form
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          setShown(team.trim());
        }}
      >
        <label>
          {t('rosterTeam')} <input value={team} onChange={(event) => setTeam(event.target.value)} />
        </label>
        <button type="submit">{t('rosterShow')}</button>
      </form>
      {shown ? <TeamRoster team={shown} /> : null}
    </section>
  );
}

function TeamRoster({ team }: { team: string }) {
  const { session } = useApp();
  const { t, label, formatDateTime } = useLanguage();
  const [result, reexecute] = useQuery({ query: rosterQuery, variables: { team } });
  const data = result.data as { onDuty: DutyNow | null; roster: Roster | null } | undefined;
  const mayEdit = session.role === 'manager' || session.role === 'director';
  const mayBrief = mayEdit || session.role === 'supervisor';
  if (result.error) return <ErrorNote error={result.error} />;
  if (!data) return <p>{t('loading')}</p>;
  if (!data.roster || !data.onDuty) return <p className="empty">{t('rosterNone')}</p>;
  const { onDuty, roster } = data;
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  return (
    <>
      <h2>{t('rosterOnDutyNow')}</h2>
      <p data-testid="working-hours">
        {onDuty.workingHours ? t('rosterWorkingHours') : t('rosterOutsideWorkingHours')} ·{' '}
        <span translate="no">{roster.timeZone}</span>
      </p>
      <dl className="facts" data-testid="on-duty">
        {onDuty.roles.map((role) => (
          <div className="fact" key={role.role}>
            <dt>{label('role', role.role)}</dt>
            <dd translate="no">{role.userIds.length > 0 ? role.userIds.join(', ') : t('rosterNobody')}</dd>
          </div>
        ))}
        {onDuty.nextHandOver ? (
          <div className="fact">
            <dt>{t('rosterNextHandOver')}</dt>
            <dd>
              <time dateTime={onDuty.nextHandOver.at}>{formatDateTime(onDuty.nextHandOver.at)}</time> ·{' '}
              {label('role', onDuty.nextHandOver.role)}:{' '}
              {onDuty.nextHandOver.outgoing.join(', ') || t('rosterNobody')} →{' '}
              {onDuty.nextHandOver.incoming.join(', ') || t('rosterNobody')}
            </dd>
          </div>
        ) : null}
      </dl>
      <h2>{t('rosterRotations')}</h2>
      <p className="hint">{t('rosterVersion', { version: roster.version, by: roster.updatedBy })}</p>
      <table>
        <thead>
          <tr>
            <th>{t('rosterRole')}</th>
            <th>{t('rosterMembers')}</th>
            <th>{t('rosterEvery')}</th>
            <th>{t('rosterStarts')}</th>
            <th>{t('rosterHours')}</th>
          </tr>
        </thead>
        <tbody>
          {roster.rotations.map((rotation) => (
            <tr key={`${rotation.role}-${rotation.startDate}-${rotation.handOverAt}-${rotation.hoursFrom}`}>
              <td>{label('role', rotation.role)}</td>
              <td translate="no">{rotation.members.join(' → ')}</td>
              <td>{rotation.every}</td>
              <td>
                {rotation.startDate} {rotation.handOverAt}
              </td>
              <td>{rotation.hoursFrom ? `${rotation.hoursFrom}–${rotation.hoursTo}` : '24h'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('rosterOverrides')}</h2>
      {roster.overrides.length === 0 ? <p className="empty">{t('none')}</p> : null}
      <ul>
        {roster.overrides.map((override) => (
          <li key={`${override.userId}-${override.from}`}>
            {label('role', override.role)} · <strong translate="no">{override.userId}</strong>
            {override.replaces ? ` (${t('rosterReplaces')} ${override.replaces})` : ''} ·{' '}
            {formatDateTime(override.from)} – {formatDateTime(override.to)}
          </li>
        ))}
      </ul>
      {mayEdit ? <OverrideForm team={team} version={roster.version} onSaved={refresh} /> : null}
      {mayBrief ? <Brief team={team} at={onDuty.nextHandOver?.at} /> : null}
    </>
  );
}

function OverrideForm({ team, version, onSaved }: { team: string; version: number; onSaved: () => void }) {
  const { t } = useLanguage();
  const [{ error, fetching }, add] = useMutation(addOverride);
  const [fields, setFields] = useState({ role: 'supervisor', userId: '', replaces: '', from: '', to: '' });
  const set = (name: keyof typeof fields) => (event: { target: { value: string } }) =>
    setFields({ ...fields, [name]: event.target.value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const override = {
      role: fields.role,
      userId: fields.userId,
      from: new Date(fields.from).toISOString(),
      to: new Date(fields.to).toISOString(),
      ...(fields.replaces ? { replaces: fields.replaces } : {}),
    };
    const result = await add({ input: { team, override, expectedVersion: version } });
    if (!result.error) onSaved();
  };
  return (
    <form className="card" onSubmit={submit} data-testid="override-form">
      <h3>{t('rosterAddOverride')}</h3>
      {error ? <ErrorNote error={error} /> : null}
      <label>
        {t('rosterRole')} <input value={fields.role} onChange={set('role')} required />
      </label>
      <label>
        {t('rosterStandIn')} <input value={fields.userId} onChange={set('userId')} required />
      </label>
      <label>
        {t('rosterReplaces')} <input value={fields.replaces} onChange={set('replaces')} />
      </label>
      <label>
        {t('rosterFrom')} <input type="datetime-local" value={fields.from} onChange={set('from')} required />
      </label>
      <label>
        {t('rosterTo')} <input type="datetime-local" value={fields.to} onChange={set('to')} required />
      </label>
      <button type="submit" disabled={fetching}>
        {t('submit')}
      </button>
    </form>
  );
}

function Brief({ team, at }: { team: string; at: string | undefined }) {
  const { t, label, formatDateTime } = useLanguage();
  const [result] = useQuery({ query: briefQuery, variables: { team, at: at ?? null } });
  const brief = (result.data as { shiftBrief: ShiftBrief | null } | undefined)?.shiftBrief;
  if (result.error) return <ErrorNote error={result.error} />;
  if (!brief) return null;
  const complaintLink = (id: string) => <Link to={`/complaints/${encodeURIComponent(id)}`}>{id}</Link>;
  return (
    <div className="shift-brief" data-testid="shift-brief">
      <h2>{t('shiftBriefTitle', { at: formatDateTime(brief.at) })}</h2>
      <h3>
        {t('shiftOpenFollowUps')} ({brief.openFollowUps.length})
      </h3>
      <ul>
        {brief.openFollowUps.map((complaint) => (
          <li key={complaint.id}>
            {complaintLink(complaint.id)} · {label('state', complaint.state)}
          </li>
        ))}
      </ul>
      <h3>
        {t('shiftCallBacksDue')} ({brief.callBacksDue.length})
      </h3>
      <ul>
        {brief.callBacksDue.map((due) => (
          <li key={`${due.complaint.id}-${due.callBackBy}`}>
            {complaintLink(due.complaint.id)} · {formatDateTime(due.callBackBy)}
            {due.overdue ? <strong> · {t('shiftOverdue')}</strong> : null} · {due.note}
          </li>
        ))}
      </ul>
      <h3>
        {t('shiftBreaches')} ({brief.breaches.length})
      </h3>
      <ul>
        {brief.breaches.map((breach) => (
          <li key={`${breach.complaint.id}-${breach.deadline}`}>
            {complaintLink(breach.complaint.id)} · {label('field', breach.deadline)} ·{' '}
            {formatDateTime(breach.breachedAt)}
          </li>
        ))}
      </ul>
      <h3>
        {t('shiftEscalationsWaiting')} ({brief.escalationsWaiting.length})
      </h3>
      <ul>
        {brief.escalationsWaiting.map((escalation) => (
          <li key={escalation.id}>
            <Link to="/escalations">{escalation.id}</Link> · {label('role', escalation.level)}
          </li>
        ))}
      </ul>
    </div>
  );
}

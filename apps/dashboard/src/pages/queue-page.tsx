import { useMemo, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { actionDocuments } from '../action-documents.js';
import {
  applyFilters,
  type ComplaintFilters,
  type ComplaintRow,
  complaintListVariables,
  complaintRows,
  complaintsQuery,
  isBreached,
} from '../complaint-list.js';
import { Countdown } from '../components/countdown.js';
import { ErrorNote } from '../components/error-note.js';
import { OperationForm } from '../components/operation-form.js';
import { useNow } from '../components/use-now.js';
import { useLanguage } from '../i18n.js';
import { useLiveUpdates } from '../live-updates.js';
import { Link } from '../router.js';
import { byUrgency, urgencyOf } from '../triage.js';

export function QueuePage() {
  const { t, label } = useLanguage();
  const now = useNow();
  const [filters, setFilters] = useState<ComplaintFilters>({});
  const [opening, setOpening] = useState(false);
  const [opened, setOpened] = useState<string>();
  const variables = useMemo(() => complaintListVariables(filters), [filters]);
  const [result, reexecute] = useQuery({ query: complaintsQuery, variables });
  const live = useLiveUpdates(() => reexecute({ requestPolicy: 'network-only' }));
  const openMutation = actionDocuments.openComplaint;

  const rows = useMemo(() => complaintRows(result.data), [result.data]);
  const seen = useRef({ states: new Set<string>(), teams: new Set<string>() });
  for (const row of rows) {
    seen.current.states.add(row.state);
    seen.current.teams.add(row.team ?? '');
  }
  const visible = applyFilters(rows, filters, now);

  return (
    <section className="page queue-page">
      <header className="page-header">
        <h1>{t('queueTitle')}</h1>
        <span className={`live-status live-${live.mode}`} data-testid="live-status" data-mode={live.mode}>
          ● {live.mode === 'sse' ? t('liveSse') : t('livePolling')}
          {live.error ? ` — ${live.error}` : ''}
        </span>
        {openMutation ? (
          <button
            type="button"
            className="primary"
            onClick={() => setOpening(true)}
            data-testid="open-complaint"
          >
            {t('openComplaint')}
          </button>
        ) : null}
      </header>

      {opening && openMutation ? (
        <div className="panel">
          <h2>{t('openComplaint')}</h2>
          <OperationForm
            document={openMutation}
            onCancel={() => setOpening(false)}
            onDone={(data) => {
              setOpening(false);
              setOpened((data as { openComplaint?: { id?: string } })?.openComplaint?.id);
              reexecute({ requestPolicy: 'network-only' });
            }}
          />
        </div>
      ) : null}
      {opened ? (
        <p className="notice" data-testid="opened-notice">
          ✓ <Link to={`/complaints/${encodeURIComponent(opened)}`}>{opened}</Link>
        </p>
      ) : null}

      <StateTeamMatrix rows={rows} now={now} />

      <fieldset className="filters">
        <legend className="hint">{t('filters')}</legend>
        <label>
          {t('filterState')}{' '}
          <select
            name="state"
            value={filters.state ?? ''}
            onChange={(event) => setFilters({ ...filters, state: event.target.value || undefined })}
          >
            <option value="">{t('all')}</option>
            {[...seen.current.states].sort().map((state) => (
              <option key={state} value={state}>
                {label('state', state)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filterTeam')}{' '}
          <select
            name="team"
            value={filters.team ?? ''}
            onChange={(event) => setFilters({ ...filters, team: event.target.value || undefined })}
          >
            <option value="">{t('all')}</option>
            {[...seen.current.teams].sort().map((team) => (
              <option key={team} value={team} translate="no">
                {team || t('noTeam')}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            name="breached"
            checked={filters.breached ?? false}
            onChange={(event) => setFilters({ ...filters, breached: event.target.checked || undefined })}
          />{' '}
          {t('filterBreached')}
        </label>
      </fieldset>

      {result.error ? <ErrorNote error={result.error} /> : null}
      {result.fetching && rows.length === 0 ? <p>{t('loading')}</p> : null}
      <ComplaintTable rows={visible} now={now} />
    </section>
  );
}

function StateTeamMatrix({ rows, now }: { rows: ComplaintRow[]; now: number }) {
  const { t, label } = useLanguage();
  const states = [...new Set(rows.map((row) => row.state))].sort();
  const teams = [...new Set(rows.map((row) => row.team ?? ''))].sort();
  if (rows.length === 0) return null;
  const cell = (state: string, team: string) => {
    const inCell = rows.filter((row) => row.state === state && (row.team ?? '') === team);
    const breached = inCell.filter((row) => isBreached(row, now)).length;
    return { count: inCell.length, breached };
  };
  return (
    <div className="panel">
      <h2>{t('byStateAndTeam')}</h2>
      <table className="matrix" data-testid="state-team-matrix">
        <thead>
          <tr>
            <th>
              {t('state')} \ {t('team')}
            </th>
            {teams.map((team) => (
              <th key={team} translate="no">
                {team || t('noTeam')}
              </th>
            ))}
            <th>{t('total')}</th>
          </tr>
        </thead>
        <tbody>
          {states.map((state) => (
            <tr key={state}>
              <th>{label('state', state)}</th>
              {teams.map((team) => {
                const { count, breached } = cell(state, team);
                return (
                  <td key={team} className={breached > 0 ? 'has-breach' : ''}>
                    {count || ''}
                    {breached > 0 ? <span className="badge breached">{breached}</span> : null}
                  </td>
                );
              })}
              <td>{rows.filter((row) => row.state === state).length}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ComplaintTable({ rows, now }: { rows: ComplaintRow[]; now: number }) {
  const { t, label, formatDateTime } = useLanguage();
  if (rows.length === 0) return <p className="empty">{t('none')}</p>;
  return (
    <div className="table-scroll">
      <table className="complaints" data-testid="complaint-table">
        <thead>
          <tr>
            <th>{t('customer')}</th>
            <th>{t('urgency')}</th>
            <th>{t('owner')}</th>
            <th>{t('state')}</th>
            <th>{t('summary')}</th>
            <th>{t('team')}</th>
            <th>{t('priority')}</th>
            <th>{t('openedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {byUrgency(rows, now).map((row) => {
            const breached = isBreached(row, now);
            const urgency = urgencyOf(row, now);
            const clock = urgency.deadline ? label('clock', urgency.deadline.name) : '';
            return (
              <tr
                key={row.id}
                data-testid="complaint-row"
                data-id={row.id}
                data-state={row.state}
                className={breached ? 'breached' : ''}
              >
                <td>
                  <Link to={`/complaints/${encodeURIComponent(row.id)}`}>{row.customer?.name ?? row.id}</Link>
                  {row.customer?.grade ? (
                    <span className="badge">{label('grade', row.customer.grade)}</span>
                  ) : null}
                </td>
                <td data-testid="row-urgency" className={urgency.overdue ? 'breached' : ''}>
                  {urgency.deadline ? (
                    <Countdown dueAt={urgency.deadline.dueAt} now={now} name={clock} />
                  ) : (
                    '—'
                  )}
                  {breached ? <span className="badge breached">{t('breached')}</span> : null}
                </td>
                <td translate="no">{row.assignee ?? <span className="hint">{t('unassigned')}</span>}</td>
                <td>
                  <span className="state">{label('state', row.state)}</span>
                </td>
                <td className="summary">{row.summary}</td>
                <td translate="no">{row.team ?? ''}</td>
                <td>{label('priority', row.priority)}</td>
                <td>{formatDateTime(row.openedAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

import type { ComplaintContext } from '@kefu/complaint';
import type { HandOver, RosterBook } from '@kefu/roster';
import { handOvers, nextHandOver, onDuty } from '@kefu/roster';
import type { Runtime, WorkflowRecord } from '@kefu/runtime';
import { openComplaintsOfTeam, waitingEscalationsOfTeam } from '@kefu/workflows';
import { workflowRecordFromRow } from './workflow-rows.js';

/** A call-back promised to a customer and not yet made, due before the shift ends (or overdue). */
export interface CallBackDue {
  complaint: WorkflowRecord;
  promiseId: string;
  callBackBy: string;
  note: string;
  overdue: boolean;
}

/** A complaint deadline breached during the shift that is ending. */
export interface ShiftBreach {
  complaint: WorkflowRecord;
  deadline: string;
  dueAt: string;
  breachedAt: string;
}

/**
 * The shift brief at a hand-over (seed 004 §1, §6: 交接班 — what the incoming shift must pick up): the team's
 * open complaints to follow up, call-backs due before the next hand-over or overdue, deadlines breached since the
 * previous hand-over, and escalations waiting for acknowledgement.
 */
export interface ShiftBrief {
  team: string;
  at: string;
  /** Where the outgoing shift began (the previous hand-over; 12 hours before `at` without one). */
  shiftStartedAt: string;
  /** Where the incoming shift ends (the next hand-over; 12 hours after `at` without one). */
  shiftEndsAt: string;
  handOvers: HandOver[];
  /** Who is on duty from `at`, by role. */
  incoming: Array<{ role: string; userIds: string[] }>;
  openFollowUps: WorkflowRecord[];
  callBacksDue: CallBackDue[];
  breaches: ShiftBreach[];
  escalationsWaiting: WorkflowRecord[];
}

const closedStates = ['closed', 'withdrawn', 'merged'];
const halfDay = 12 * 3_600_000;

/** The brief for `team` at `at`; undefined when the team has no roster. */
export async function shiftBrief(
  runtime: Runtime,
  book: RosterBook,
  query: { team: string; at: string },
): Promise<ShiftBrief | undefined> {
  const roster = book.roster(query.team);
  if (!roster) return undefined;
  const at = Date.parse(query.at);
  const iso = (instant: number) => new Date(instant).toISOString();
  const earlier = handOvers(roster, { from: iso(at - 7 * 24 * 3_600_000), to: iso(at - 1) });
  const shiftStartedAt = earlier.at(-1)?.at ?? iso(at - halfDay);
  const next = nextHandOver(roster, { at: query.at });
  const shiftEndsAt = next?.at ?? iso(at + halfDay);
  const roles = [
    ...new Set([...roster.rotations.map((r) => r.role), ...roster.overrides.map((o) => o.role)]),
  ];
  const db = runtime.store.db;
  const complaintRows = await openComplaintsOfTeam(db, query.team, closedStates);
  const complaints = complaintRows.map((row) => workflowRecordFromRow(runtime, row));
  const callBacksDue: CallBackDue[] = [];
  const breaches: ShiftBreach[] = [];
  for (const complaint of complaints) {
    const context = complaint.context as unknown as ComplaintContext;
    for (const promise of context.callBacks ?? []) {
      if (promise.keptAt !== undefined || Date.parse(promise.callBackBy) > Date.parse(shiftEndsAt)) continue;
      callBacksDue.push({
        complaint,
        promiseId: promise.id,
        callBackBy: promise.callBackBy,
        note: promise.note,
        overdue: Date.parse(promise.callBackBy) < at,
      });
    }
    for (const breach of context.breaches ?? []) {
      const breachedAt = Date.parse(breach.at);
      if (breachedAt <= Date.parse(shiftStartedAt) || breachedAt > at) continue;
      breaches.push({ complaint, deadline: breach.deadline, dueAt: breach.dueAt, breachedAt: breach.at });
    }
  }
  const escalationRows = await waitingEscalationsOfTeam(db, query.team);
  return {
    team: query.team,
    at: iso(at),
    shiftStartedAt,
    shiftEndsAt,
    handOvers: handOvers(roster, { from: iso(at - 1), to: iso(at) }),
    incoming: roles.map((role) => ({ role, userIds: onDuty(roster, { role, at }) })),
    openFollowUps: complaints,
    callBacksDue: callBacksDue.sort((a, b) => Date.parse(a.callBackBy) - Date.parse(b.callBackBy)),
    breaches: breaches.sort((a, b) => Date.parse(a.breachedAt) - Date.parse(b.breachedAt)),
    escalationsWaiting: escalationRows.map((row) => workflowRecordFromRow(runtime, row)),
  };
}

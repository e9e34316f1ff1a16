import { type BankScorecard, standardScorecard, standardScorecardId } from '@kefu/quiz-bank';
import { createReviewStore, type ReviewStore, type SamplingCandidate } from '@kefu/review-store';
import type { HistoryEntry, WorkflowRecord } from '@kefu/runtime';
import { GraphQLError } from 'graphql';
import { canSee, requireActor } from './authorization.js';
import type { KefuContext, RequestActor, Role } from './context.js';

/**
 * Who scores QA reviews and runs calibration: the supervisor (客服主管, who supervises agents' work) and the
 * manager (客服经理, who monitors service quality), seed 003 §6.1.2. Trainers and directors read reviews,
 * calibration results and quality; agents read only their own reviews and coaching.
 */
export const reviewerRoles: readonly Role[] = ['supervisor', 'manager'];
/** Roles that read every agent's reviews, coaching and quality (agents: their own only). */
export const qualityReaderRoles: readonly Role[] = ['supervisor', 'manager', 'director', 'trainer'];

function forbidden(actor: RequestActor, message: string): GraphQLError {
  return new GraphQLError(`Not allowed: ${message}`, { extensions: { code: 'FORBIDDEN', role: actor.role } });
}

/** The caller, when their role scores reviews; FORBIDDEN otherwise (checked before anything is read or written). */
export function requireReviewer(context: KefuContext): RequestActor {
  const actor = requireActor(context);
  if (!reviewerRoles.includes(actor.role))
    throw forbidden(actor, `a ${actor.role} may not score reviews (supervisors and managers do)`);
  return actor;
}

/** The caller, when their role reads every agent's quality data; FORBIDDEN otherwise. */
export function requireQualityReader(context: KefuContext): RequestActor {
  const actor = requireActor(context);
  if (!qualityReaderRoles.includes(actor.role))
    throw forbidden(actor, `a ${actor.role} may not read other agents' reviews or calibration sessions`);
  return actor;
}

/**
 * The agent whose reviews or coaching the caller may read: an agent only themselves (naming another agent is
 * FORBIDDEN), quality readers anyone (undefined: everyone). Trainers, supervisors, managers and directors only.
 */
export function agentInScope(context: KefuContext, agent: string | null | undefined): string | undefined {
  const actor = requireActor(context);
  if (actor.role === 'agent') {
    if (agent && agent !== actor.userId)
      throw forbidden(actor, 'an agent sees only their own reviews and coaching');
    return actor.userId;
  }
  if (!qualityReaderRoles.includes(actor.role))
    throw forbidden(actor, `a ${actor.role} may not read reviews`);
  return agent ?? undefined;
}

/** The store of reviews on the request's database (its tables are applied on first use). */
export function reviewStoreOf(context: KefuContext): ReviewStore {
  return createReviewStore(context.runtime.store);
}

/** A standard scorecard version with its grader rules (the newest when no version is given). */
export function scorecardOf(version?: number | null, id: string = standardScorecardId): BankScorecard {
  return standardScorecard(id, version ?? undefined);
}

/**
 * The complaint a reviewer reviews, when they may see it (a supervisor: their team's); BAD_USER_INPUT when it
 * does not exist or has no agent to review, FORBIDDEN when it is another team's.
 */
export async function reviewableComplaint(
  context: KefuContext,
  complaintId: string,
): Promise<{ record: WorkflowRecord; agent: string }> {
  const actor = requireActor(context);
  const record = await context.runtime.find(complaintId);
  if (record?.kind !== 'complaint') {
    throw new GraphQLError(`No complaint with id "${complaintId}"`, {
      extensions: {
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'complaintId', message: 'no such complaint' }],
      },
    });
  }
  if (!(await canSee(context, record)))
    throw forbidden(
      actor,
      `a ${actor.role} of team ${actor.team ?? '(none)'} may not review complaint "${complaintId}"`,
    );
  const agent = record.readModel.assignee;
  if (!agent) {
    throw new GraphQLError(`Complaint "${complaintId}" has no assigned agent to review`, {
      extensions: {
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'complaintId', message: 'no assigned agent' }],
      },
    });
  }
  return { record, agent };
}

const textKeys = new Set(['note', 'transcript']);

/**
 * The words the agent under review wrote on a complaint's events (notes, transcripts): what the script grader
 * reads. Notes by other people (a supervisor's, a director's) are not the agent's words and are left out.
 */
export function interactionTexts(history: readonly HistoryEntry[], agent: string): string[] {
  const texts: string[] = [];
  const walk = (value: unknown, key: string | null) => {
    if (typeof value === 'string') {
      if (key !== null && textKeys.has(key) && value.trim()) texts.push(value.trim());
      return;
    }
    if (Array.isArray(value)) for (const item of value) walk(item, key);
    else if (value && typeof value === 'object')
      for (const [childKey, child] of Object.entries(value)) walk(child, childKey);
  };
  for (const entry of history) if (entry.by?.userId === agent) walk(entry.event, null);
  return texts;
}

/** A complaint as the sampler sees it: its agent, when it opened, and whether it breached or ended unsatisfied. */
export function samplingCandidate(record: WorkflowRecord): SamplingCandidate {
  const revisits = (record.context.revisits ?? []) as { value?: { satisfaction?: string } }[];
  return {
    complaintId: record.id,
    agent: record.readModel.assignee,
    openedAt: record.readModel.openedAt ?? record.createdAt,
    breached: record.readModel.breached,
    unsatisfied:
      record.state === 'unsatisfied' ||
      revisits.some((revisit) => revisit.value?.satisfaction === 'unsatisfied'),
  };
}

/** Every complaint through the runtime's public list, page by page. */
export async function allComplaints(context: KefuContext): Promise<WorkflowRecord[]> {
  const records: WorkflowRecord[] = [];
  const pageSize = 500;
  for (let offset = 0; ; offset += pageSize) {
    const page = await context.runtime.list({ kind: 'complaint', limit: pageSize, offset });
    records.push(...page);
    if (page.length < pageSize) return records;
  }
}

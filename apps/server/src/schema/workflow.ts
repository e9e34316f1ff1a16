import type { HistoryEntry, WorkflowRecord } from '@kefu/runtime';
import { builder } from '../builder.js';
import type { KefuContext } from '../context.js';
import { revealPayload } from '../personal-data.js';

/** A log entry with the workflow it belongs to, so its payload's personal data is masked and logged by workflow. */
export interface TimelineEntry extends HistoryEntry {
  workflowId: string;
  /** The definition's personal-data paths (`customer.name` …). */
  personalData: readonly string[];
}

/** A workflow's log as `TimelineEntry` parents. */
export async function historyOf(context: KefuContext, record: WorkflowRecord): Promise<TimelineEntry[]> {
  const personalData = context.runtime.definition(record.kind).personalData ?? [];
  return (await context.runtime.history(record.id)).map((entry) => ({
    ...entry,
    workflowId: record.id,
    personalData,
  }));
}

export const ActorRef = builder.objectRef<{ userId: string; role: string }>('Actor');
ActorRef.implement({
  description: 'Who sent an event.',
  fields: (t) => ({
    userId: t.exposeString('userId'),
    role: t.exposeString('role'),
  }),
});

export const TimelineEntryRef = builder.objectRef<TimelineEntry>('TimelineEntry');
TimelineEntryRef.implement({
  description: 'One event in a workflow’s log: who did what, when, and the state it moved from and to.',
  fields: (t) => ({
    seq: t.exposeInt('seq', { description: 'Position in the log, from 1.' }),
    type: t.exposeString('type'),
    at: t.field({ type: 'DateTime', resolve: (entry) => entry.at }),
    by: t.field({ type: ActorRef, nullable: true, resolve: (entry) => entry.by }),
    fromState: t.exposeString('fromState', { nullable: true }),
    toState: t.exposeString('toState'),
    payload: t.field({
      type: 'JSON',
      description:
        'The event’s own fields (without type, at and by). Personal data in it (the customer’s name and phone) is masked or shown, and each unmasked read logged, by the same rules as `Customer`.',
      resolve: ({ event, workflowId, personalData }, _args, context) => {
        const { type: _type, at: _at, by: _by, ...payload } = event;
        return revealPayload(payload, personalData, workflowId, context);
      },
    }),
  }),
});

export interface DeadlineView {
  name: string;
  dueAt: string;
  startedAt: string;
  event: string;
}

export const DeadlineRef = builder.objectRef<DeadlineView>('Deadline');
DeadlineRef.implement({
  description: 'A running time limit, kept as data by the workflow.',
  fields: (t) => ({
    name: t.exposeString('name'),
    startedAt: t.field({ type: 'DateTime', resolve: (deadline) => deadline.startedAt }),
    dueAt: t.field({ type: 'DateTime', resolve: (deadline) => deadline.dueAt }),
    event: t.exposeString('event', { description: 'The event sent when the deadline is reached.' }),
  }),
});

export function deadlinesOf(context: Record<string, unknown>): DeadlineView[] {
  const deadlines = (context.deadlines ?? {}) as Record<string, Omit<DeadlineView, 'name'>>;
  return Object.entries(deadlines)
    .map(([name, deadline]) => ({ name, ...deadline }))
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
}

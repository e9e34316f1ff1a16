import type { WorkflowRecord } from '@kefu/runtime';
import { approachingDeadlines } from '@kefu/workflows';
import { filter, map, pipe, Repeater } from 'graphql-yoga';
import { canSee, requireActor } from '../authorization.js';
import { builder } from '../builder.js';
import type { KefuContext } from '../context.js';
import type { GradeRecordedPayload, WorkflowChangedPayload, WorkflowEmittedPayload } from '../live-events.js';
import { ComplaintRef } from './complaint.js';

/** Loads the workflow an event is about and checks the subscriber may see it (team rules). */
async function visible(context: KefuContext, workflowId: string): Promise<WorkflowRecord | undefined> {
  const record = await context.runtime.find(workflowId);
  return record && (await canSee(context, record)) ? record : undefined;
}

interface WorkflowChange extends WorkflowChangedPayload {
  record: WorkflowRecord;
}

const WorkflowChangeRef = builder.objectRef<WorkflowChange>('WorkflowChange').implement({
  description:
    'A committed transition (topic `workflow.changed`). `seq` lets a client de-duplicate and re-read after reconnecting.',
  fields: (t) => ({
    workflowId: t.exposeID('workflowId'),
    kind: t.exposeString('kind'),
    seq: t.exposeInt('seq'),
    type: t.exposeString('type', { description: 'The event that made the change.' }),
    state: t.exposeString('state'),
    version: t.exposeInt('version'),
    at: t.field({ type: 'DateTime', resolve: (change) => change.at }),
    complaint: t.field({
      type: ComplaintRef,
      nullable: true,
      description: 'The complaint as it is now (null for other kinds).',
      resolve: (change) => (change.kind === 'complaint' ? change.record : null),
    }),
  }),
});

interface DeadlineAlert {
  workflowId: string;
  kind: string;
  deadline: string;
  dueAt: string;
  /** When the alert was raised. */
  at: string;
  lateByMs: number | null;
}

const DeadlineAlertRef = builder.objectRef<DeadlineAlert>('DeadlineAlert').implement({
  fields: (t) => ({
    workflowId: t.exposeID('workflowId'),
    kind: t.exposeString('kind'),
    deadline: t.exposeString('deadline'),
    dueAt: t.field({ type: 'DateTime', resolve: (alert) => alert.dueAt }),
    at: t.field({ type: 'DateTime', resolve: (alert) => alert.at }),
    lateByMs: t.exposeFloat('lateByMs', { nullable: true }),
  }),
});

interface CrisisLevel {
  crisisId: string;
  level: string | null;
  previousLevel: string | null;
  colour: string | null;
  reason: string | null;
  seq: number;
  at: string;
}

const CrisisLevelRef = builder.objectRef<CrisisLevel>('CrisisLevelChange').implement({
  description: 'A crisis was raised (previousLevel null) or moved to another warning level.',
  fields: (t) => ({
    crisisId: t.exposeID('crisisId'),
    level: t.exposeString('level', {
      nullable: true,
      description: 'Warning level IV…I (blue, yellow, orange, red).',
    }),
    previousLevel: t.exposeString('previousLevel', { nullable: true }),
    colour: t.exposeString('colour', { nullable: true }),
    reason: t.exposeString('reason', { nullable: true }),
    seq: t.exposeInt('seq'),
    at: t.field({ type: 'DateTime', resolve: (change) => change.at }),
  }),
});

const GradeRef = builder.objectRef<GradeRecordedPayload>('GradeRecorded').implement({
  fields: (t) => ({
    attemptId: t.exposeID('attemptId'),
    trainee: t.exposeString('trainee'),
    quizId: t.exposeString('quizId'),
    itemId: t.exposeString('itemId', { nullable: true }),
    score: t.exposeFloat('score'),
    passed: t.exposeBoolean('passed'),
    at: t.field({ type: 'DateTime', resolve: (grade) => grade.at }),
  }),
});

builder.subscriptionFields((t) => ({
  workflowChanged: t.field({
    type: WorkflowChangeRef,
    description: 'Every transition of the workflows the caller may see; narrow by kind or id.',
    args: { kind: t.arg.string(), id: t.arg.id() },
    subscribe: (_root, args, context) =>
      pipe(
        context.live.subscribe('workflow.changed'),
        filter(
          (change: WorkflowChangedPayload) =>
            (!args.kind || change.kind === args.kind) && (!args.id || change.workflowId === String(args.id)),
        ),
        map(async (change: WorkflowChangedPayload) => ({
          ...change,
          record: await visible(context, change.workflowId),
        })),
        filter((change): change is WorkflowChange => change.record !== undefined),
      ),
    resolve: (change: WorkflowChange) => change,
  }),
  deadlineBreached: t.field({
    type: DeadlineAlertRef,
    description: 'A deadline was missed (a workflow emitted `*.deadlineBreached`).',
    args: { kind: t.arg.string() },
    subscribe: (_root, args, context) =>
      pipe(
        context.live.subscribe('workflow.emitted'),
        filter(
          (emitted: WorkflowEmittedPayload) =>
            emitted.event.type.endsWith('.deadlineBreached') && (!args.kind || emitted.kind === args.kind),
        ),
        filter(
          async (emitted: WorkflowEmittedPayload) =>
            (await visible(context, emitted.workflowId)) !== undefined,
        ),
      ),
    resolve: (emitted: WorkflowEmittedPayload) => {
      const event = emitted.event as { deadline?: string; dueAt?: string; at?: string; lateBy?: number };
      const at = event.at ?? new Date().toISOString();
      return {
        workflowId: emitted.workflowId,
        kind: emitted.kind,
        deadline: event.deadline ?? 'unknown',
        dueAt: event.dueAt ?? at,
        at,
        lateByMs: event.dueAt ? Math.max(0, Date.parse(at) - Date.parse(event.dueAt)) : null,
      };
    },
  }),
  deadlineApproaching: t.field({
    type: DeadlineAlertRef,
    description:
      'Deadlines of visible open workflows falling due within `withinMinutes`: each once per subscription, scanned at subscribe time and then periodically.',
    args: { withinMinutes: t.arg.int({ defaultValue: 15 }) },
    subscribe: (_root, args, context) => {
      requireActor(context);
      const withinMs = Math.max(1, Math.min(args.withinMinutes ?? 15, 24 * 60)) * 60_000;
      return new Repeater<DeadlineAlert>(async (push, stop) => {
        const seen = new Set<string>();
        let stopped = false;
        const scan = async () => {
          const now = context.now();
          for (const row of await approachingDeadlines(context.runtime.store.db, now, withinMs)) {
            const key = `${row.id}\u0000${row.name}\u0000${new Date(row.due_at).toISOString()}`;
            if (seen.has(key) || !(await visible(context, row.id))) continue;
            seen.add(key);
            await push({
              workflowId: row.id,
              kind: row.kind,
              deadline: row.name,
              dueAt: new Date(row.due_at).toISOString(),
              at: now.toISOString(),
              lateByMs: null,
            });
          }
        };
        const timer = setInterval(() => {
          if (!stopped) scan().catch((error) => stop(error));
        }, context.deadlineScanIntervalMs);
        scan().catch((error) => stop(error));
        await stop;
        stopped = true;
        clearInterval(timer);
      });
    },
    resolve: (alert: DeadlineAlert) => alert,
  }),
  crisisLevelChanged: t.field({
    type: CrisisLevelRef,
    description:
      'A crisis was raised or changed warning level (`crisis.levelChanged`); every signed-in role hears it.',
    args: { id: t.arg.id() },
    subscribe: (_root, args, context) => {
      const wanted = (workflowId: string) => !args.id || workflowId === String(args.id);
      const raised = pipe(
        context.live.subscribe('workflow.changed'),
        filter(
          (change: WorkflowChangedPayload) =>
            change.kind === 'crisis' && change.seq === 1 && wanted(change.workflowId),
        ),
        map(async (change: WorkflowChangedPayload): Promise<CrisisLevel> => {
          const record = await context.runtime.find(change.workflowId);
          const level = (record?.context.level as string | undefined) ?? record?.readModel.priority ?? null;
          return {
            crisisId: change.workflowId,
            level,
            previousLevel: null,
            colour: null,
            reason: null,
            seq: change.seq,
            at: change.at,
          };
        }),
      );
      const changed = pipe(
        context.live.subscribe('workflow.emitted'),
        filter(
          (emitted: WorkflowEmittedPayload) =>
            emitted.kind === 'crisis' &&
            emitted.event.type === 'crisis.levelChanged' &&
            wanted(emitted.workflowId),
        ),
        map((emitted: WorkflowEmittedPayload): CrisisLevel => {
          const event = emitted.event as {
            from?: string;
            to?: string;
            colour?: string;
            reason?: string;
            at?: string;
          };
          return {
            crisisId: emitted.workflowId,
            level: event.to ?? null,
            previousLevel: event.from ?? null,
            colour: event.colour ?? null,
            reason: event.reason ?? null,
            seq: emitted.seq,
            at: event.at ?? new Date().toISOString(),
          };
        }),
      );
      return Repeater.merge([raised, changed]);
    },
    resolve: (change: CrisisLevel) => change,
  }),
  gradeRecorded: t.field({
    type: GradeRef,
    description:
      'A trainee’s answer or attempt was graded (topic `grade.recorded`). Agents hear only their own.',
    args: { trainee: t.arg.string() },
    subscribe: (_root, args, context) => {
      const actor = requireActor(context);
      const trainee = actor.role === 'agent' ? actor.userId : (args.trainee ?? undefined);
      return pipe(
        context.live.subscribe('grade.recorded'),
        filter((grade: GradeRecordedPayload) => trainee === undefined || grade.trainee === trainee),
      );
    },
    resolve: (grade: GradeRecordedPayload) => grade,
  }),
}));

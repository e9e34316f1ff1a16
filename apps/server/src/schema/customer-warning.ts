import { evaluateWarnings, type WarningEvidence } from '@kefu/early-warning';
import { listProfiles } from '@kefu/revisit';
import { revisitsOfCustomerRows } from '@kefu/workflows';
import { GraphQLError } from 'graphql';
import { Repeater } from 'graphql-yoga';
import { requireActor } from '../authorization.js';
import { builder } from '../builder.js';
import type { KefuContext, RequestActor } from '../context.js';
import {
  acknowledgeWarning,
  findWarning,
  listWarnings,
  type StoredWarning,
  saveWarnings,
} from '../warning-store.js';

/** Supervisors, managers and directors watch customers for warning signs (seed 001 §2.6). */
const watchRoles = new Set(['supervisor', 'manager', 'director']);

function requireWatcher(kefu: KefuContext, what: string): RequestActor {
  const actor = requireActor(kefu);
  if (!watchRoles.has(actor.role))
    throw new GraphQLError(`Not allowed: a ${actor.role} may not ${what}`, {
      extensions: { code: 'FORBIDDEN', role: actor.role },
    });
  return actor;
}

const WarningEvidenceRef = builder.objectRef<WarningEvidence>('CustomerWarningEvidence');
WarningEvidenceRef.implement({
  description: 'What proved a warning: a timeline entry or a revisit, as it was read.',
  fields: (t) => ({
    source: t.exposeString('source', { description: 'timeline or revisit.' }),
    kind: t.string({
      resolve: (evidence) =>
        evidence.source === 'timeline' ? evidence.entry.kind : `revisit.${evidence.revisit.state}`,
    }),
    at: t.field({
      type: 'DateTime',
      resolve: (evidence) => (evidence.source === 'timeline' ? evidence.entry.at : evidence.revisit.dueAt),
    }),
    workflowId: t.string({
      nullable: true,
      resolve: (evidence) =>
        evidence.source === 'timeline' ? (evidence.entry.workflowId ?? null) : evidence.revisit.revisitId,
    }),
    data: t.field({
      type: 'JSON',
      resolve: (evidence) => (evidence.source === 'timeline' ? evidence.entry.data : evidence.revisit),
    }),
  }),
});

const AcknowledgementRef =
  builder.objectRef<NonNullable<StoredWarning['acknowledgement']>>('WarningAcknowledgement');
AcknowledgementRef.implement({
  fields: (t) => ({
    at: t.field({ type: 'DateTime', resolve: (ack) => ack.at }),
    userId: t.exposeString('userId'),
    role: t.exposeString('role'),
    note: t.exposeString('note'),
  }),
});

export const CustomerWarningRef = builder.objectRef<StoredWarning>('CustomerWarning');
CustomerWarningRef.implement({
  description: 'A warning sign on a customer (异常客户的预警), with its evidence.',
  fields: (t) => ({
    id: t.exposeID('id'),
    customerId: t.exposeString('customerId'),
    rule: t.exposeString('rule', {
      description: 'repeatComplaints, fallingSatisfaction, volumeDrop, overdueRevisit or gradeABreach.',
    }),
    severity: t.exposeString('severity', { description: 'warning or critical.' }),
    message: t.exposeString('message'),
    raisedAt: t.field({ type: 'DateTime', resolve: (warning) => warning.at }),
    evidence: t.field({ type: [WarningEvidenceRef], resolve: (warning) => warning.evidence }),
    acknowledgement: t.field({
      type: AcknowledgementRef,
      nullable: true,
      resolve: (warning) => warning.acknowledgement,
    }),
  }),
});

/** Runs the rules over the customers' timelines and revisits, stores new warnings and announces them live. */
export async function raiseCustomerWarnings(
  kefu: KefuContext,
  customerId: string | null,
): Promise<StoredWarning[]> {
  const at = kefu.now().toISOString();
  const profiles = (await listProfiles(kefu.customers)).filter(
    (profile) => customerId === null || profile.customerId === customerId,
  );
  const raised = [];
  for (const profile of profiles) {
    const timeline = await kefu.customers.timeline(profile.customerId);
    const revisits = await revisitsOfCustomerRows(kefu.runtime.store.db, profile.customerId);
    raised.push(...evaluateWarnings({ customer: profile, timeline, revisits, at }));
  }
  const saved = await saveWarnings(kefu.runtime.store.db, raised);
  for (const warning of saved)
    kefu.live.publish('warning.raised', { warningId: warning.id, customerId: warning.customerId, at });
  return saved;
}

builder.queryFields((t) => ({
  customerWarnings: t.field({
    type: [CustomerWarningRef],
    description: 'Warnings on customers, newest first (supervisors, managers, directors).',
    args: {
      customerId: t.arg.string(),
      acknowledged: t.arg.boolean({
        description: 'true: acknowledged only; false: open only; omitted: both.',
      }),
      limit: t.arg.int({ defaultValue: 50 }),
      offset: t.arg.int({ defaultValue: 0 }),
    },
    resolve: (_root, args, kefu) => {
      requireWatcher(kefu, 'read customer warnings');
      return listWarnings(kefu.runtime.store.db, {
        customerId: args.customerId ?? null,
        acknowledged: args.acknowledged ?? null,
        limit: Math.max(1, Math.min(args.limit ?? 50, 500)),
        offset: Math.max(0, args.offset ?? 0),
      });
    },
  }),
}));

builder.mutationFields((t) => ({
  evaluateCustomerWarnings: t.field({
    type: [CustomerWarningRef],
    description:
      'Runs the warning rules now over one customer (or all) and returns the warnings new since the last run (supervisors, managers, directors).',
    args: { customerId: t.arg.string() },
    resolve: (_root, args, kefu) => {
      requireWatcher(kefu, 'evaluate customer warnings');
      return raiseCustomerWarnings(kefu, args.customerId ?? null);
    },
  }),
  acknowledgeCustomerWarning: t.field({
    type: CustomerWarningRef,
    description:
      'Acknowledges a warning with a note; who and when are kept (supervisors, managers, directors).',
    args: { id: t.arg.id({ required: true }), note: t.arg.string({ required: true }) },
    resolve: async (_root, args, kefu) => {
      const actor = requireWatcher(kefu, 'acknowledge customer warnings');
      const note = args.note.trim();
      if (note.length === 0 || note.length > 2000)
        throw new GraphQLError('Invalid input: note: 1 to 2000 characters', {
          extensions: {
            code: 'BAD_USER_INPUT',
            fields: [{ field: 'note', message: '1 to 2000 characters' }],
          },
        });
      const acknowledged = await acknowledgeWarning(
        kefu.runtime.store.db,
        String(args.id),
        actor,
        kefu.now().toISOString(),
        note,
      );
      if (acknowledged) return acknowledged;
      const existing = await findWarning(kefu.runtime.store.db, String(args.id));
      throw new GraphQLError(
        existing ? `Warning "${args.id}" is already acknowledged` : `No warning "${args.id}"`,
        { extensions: { code: existing ? 'ALREADY_ACKNOWLEDGED' : 'NOT_FOUND' } },
      );
    },
  }),
}));

builder.subscriptionFields((t) => ({
  customerWarningRaised: t.field({
    type: CustomerWarningRef,
    description: 'Each warning as it is raised (supervisors, managers, directors).',
    subscribe: (_root, _args, kefu) => {
      requireWatcher(kefu, 'watch customer warnings');
      const source = kefu.live.subscribe('warning.raised');
      return new Repeater<StoredWarning>(async (push, stop) => {
        stop.then(() => source.return?.());
        for await (const payload of source) {
          const warning = await findWarning(kefu.runtime.store.db, payload.warningId);
          if (warning) await push(warning);
        }
        stop();
      });
    },
    resolve: (warning) => warning,
  }),
}));

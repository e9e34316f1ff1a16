import {
  type CustomerDirectory,
  defaultRevisitPolicy,
  listProfiles,
  planRevisits,
  type RevisitContext,
  type RevisitCoverage,
  type RevisitPolicy,
  type RevisitSummaryReport,
  type RevisitWork,
  revisitCoverage,
  revisitOutcomeOf,
  revisitSummaryReport,
} from '@kefu/revisit';
import type { Runtime } from '@kefu/runtime';
import { sql } from 'kysely';

/** Who starts the revisits the plan generates. */
export const planActor = { userId: 'revisit-plan', role: 'system' } as const;

export interface RunRevisitPlanOptions {
  runtime: Runtime;
  directory: Pick<CustomerDirectory, 'profiles' | 'timeline'>;
  /** The period to plan, `[from, to)`. */
  from: string;
  to: string;
  /** The clock's time now: when the revisits are started. */
  at: string;
  policy?: RevisitPolicy;
  team?: string;
  /** Revisits started at once (default 4; keep it within the store's connection pool). */
  concurrency?: number;
}

export interface RevisitPlanRun {
  /** Every revisit the plan asked for in the period. */
  planned: RevisitWork[];
  /** The ids started by this run. */
  created: string[];
}

/** The latest trigger of the revisit workflows of each customer (what the plan already generated). */
async function latestTriggers(runtime: Runtime): Promise<Map<string, number>> {
  const rows = await runtime.store.db
    .selectFrom('workflows')
    .select(['revisit_customer_id as customerId', sql<Date | string>`max(revisit_trigger_at)`.as('latest')])
    .where('kind', '=', 'revisit')
    .groupBy('revisit_customer_id')
    .execute();
  return new Map(rows.map((row) => [String(row.customerId), new Date(row.latest).getTime()]));
}

/**
 * Generates the revisit workflows of a period from the customer profiles: each customer's last revisit is the
 * later of their last recorded revisit (timeline) and the last one the plan generated, so running it twice for
 * the same period creates nothing new. Ids come from customer and trigger (`revisit:<customer>:<trigger>`).
 */
export async function runRevisitPlan(options: RunRevisitPlanOptions): Promise<RevisitPlanRun> {
  const { runtime, directory } = options;
  const policy = options.policy ?? defaultRevisitPolicy;
  await runtime.ready();
  const profiles = await listProfiles(directory);
  const triggers = await latestTriggers(runtime);
  const customers = [];
  for (const profile of profiles) {
    const timeline = await directory.timeline(profile.customerId);
    const recorded = timeline
      .filter((entry) => entry.kind === 'revisit.recorded')
      .map((entry) => Date.parse(entry.at));
    const last = Math.max(...recorded, triggers.get(profile.customerId) ?? Number.NEGATIVE_INFINITY);
    customers.push({
      ...profile,
      lastRevisitAt: Number.isFinite(last) ? new Date(last).toISOString() : undefined,
    });
  }
  const planned = planRevisits({ customers, from: options.from, to: options.to, policy });
  const created = new Set<string>();
  let next = 0;
  const startNext = async (): Promise<void> => {
    const work = planned[next++];
    if (!work) return;
    const result = await runtime.start(
      'revisit',
      {
        at: options.at,
        by: planActor,
        customerId: work.customerId,
        class: work.class,
        grade: work.grade,
        tier: work.tier,
        member: work.member,
        timeZone: work.timeZone,
        reason: work.reason,
        rule: work.rule,
        triggerAt: work.triggerAt,
        policy,
        ...(options.team ? { team: options.team } : {}),
      },
      { id: work.revisitId },
    );
    if (!result.duplicate) created.add(work.revisitId);
    return startNext();
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, startNext));
  return { planned, created: planned.map((work) => work.revisitId).filter((id) => created.has(id)) };
}

/**
 * Writes each recorded revisit onto the customer's timeline (`revisit.recorded` with its satisfaction), which
 * grading and the warnings read. Returns the function that stops it.
 */
export function recordRevisitsOnTimeline(
  runtime: Runtime,
  directory: Pick<CustomerDirectory, 'appendTimeline'>,
  onError: (error: unknown) => void = (error) => console.error('revisit timeline:', error),
): () => void {
  return runtime.onCommit((result) => {
    for (const emitted of result.emitted) {
      if (emitted.type !== 'revisit.recorded') continue;
      directory
        .appendTimeline({
          customerId: String(emitted.customerId),
          at: String(emitted.at),
          kind: 'revisit.recorded',
          workflowId: result.workflow.id,
          data: {
            satisfaction: emitted.satisfaction,
            attempts: emitted.attempts,
            followUp: emitted.followUp,
          },
        })
        .catch(onError);
    }
  });
}

/** Coverage of a period from the revisit workflows: member customers with a revisit recorded in `[from, to)`. */
export async function revisitCoverageOf(
  runtime: Runtime,
  directory: Pick<CustomerDirectory, 'profiles'>,
  period: { from: string; to: string },
  policy: RevisitPolicy = defaultRevisitPolicy,
): Promise<RevisitCoverage> {
  await runtime.ready();
  const rows = await runtime.store.db
    .selectFrom('workflows')
    .select(['revisit_customer_id as customerId', 'revisit_recorded_at as recordedAt'])
    .where('kind', '=', 'revisit')
    .where('revisit_recorded_at', '>=', new Date(period.from))
    .where('revisit_recorded_at', '<', new Date(period.to))
    .execute();
  return revisitCoverage({
    profiles: await listProfiles(directory, { member: true }),
    recorded: rows.map((row) => ({
      customerId: String(row.customerId),
      at: new Date(row.recordedAt as string | Date).toISOString(),
    })),
    ...period,
    target: policy.coverageTarget,
  });
}

/** The summary report of the revisits triggered in a period, with the period's coverage. */
export async function revisitSummaryOf(
  runtime: Runtime,
  directory: Pick<CustomerDirectory, 'profiles'>,
  period: { from: string; to: string; at: string },
  policy: RevisitPolicy = defaultRevisitPolicy,
): Promise<RevisitSummaryReport> {
  await runtime.ready();
  const ids = await runtime.store.db
    .selectFrom('workflows')
    .select('id')
    .where('kind', '=', 'revisit')
    .where('revisit_trigger_at', '>=', new Date(period.from))
    .where('revisit_trigger_at', '<', new Date(period.to))
    .orderBy('revisit_trigger_at')
    .orderBy('id')
    .execute();
  const revisits = [];
  for (const { id } of ids) {
    const record = await runtime.get(id);
    revisits.push(revisitOutcomeOf(record.state, record.context as unknown as RevisitContext));
  }
  const coverage = await revisitCoverageOf(runtime, directory, period, policy);
  return revisitSummaryReport({ ...period, revisits, coverage });
}

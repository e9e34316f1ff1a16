import type { Runtime } from './create-runtime.js';
import type { Verification } from './verify-workflow.js';

export interface VerifyWorkflowsOptions {
  /** Only these workflows; default every workflow in the store, by id. */
  ids?: readonly string[];
  /** Called after each workflow with how many are done and how many there are. */
  onProgress?: (done: number, total: number) => void;
  /** Ids read per query when walking every workflow (default 500). */
  batchSize?: number;
}

export interface WorkflowsVerification {
  /** Workflows checked. */
  workflows: number;
  /** Log entries checked. */
  events: number;
  /** The workflows with a problem (each names them); empty when every one agrees with its log. */
  failed: Verification[];
}

/**
 * `runtime.verify` for many workflows: the hash chain of each log, the replay of the log against the stored
 * snapshot, and the pending timers against the snapshot's deadlines. A workflow that cannot even be checked
 * (its snapshot does not restore, its key is missing) counts as failed with the reason.
 */
export async function verifyWorkflows(
  runtime: Runtime,
  options: VerifyWorkflowsOptions = {},
): Promise<WorkflowsVerification> {
  const db = runtime.store.db;
  const total = options.ids
    ? options.ids.length
    : Number(
        (
          await db
            .selectFrom('workflows')
            .select((eb) => eb.fn.countAll<string>().as('count'))
            .executeTakeFirst()
        )?.count ?? 0,
      );
  const result: WorkflowsVerification = { workflows: 0, events: 0, failed: [] };
  const check = async (workflowId: string) => {
    let verification: Verification;
    try {
      verification = await runtime.verify(workflowId);
    } catch (error) {
      verification = {
        workflowId,
        events: 0,
        hashChainIntact: false,
        replayMatchesSnapshot: false,
        timersMatchDeadlines: false,
        problems: [`could not be checked: ${error instanceof Error ? error.message : String(error)}`],
      };
    }
    result.workflows += 1;
    result.events += verification.events;
    if (verification.problems.length > 0) result.failed.push(verification);
    options.onProgress?.(result.workflows, total);
  };
  if (options.ids) {
    for (const id of options.ids) await check(id);
    return result;
  }
  const batchSize = options.batchSize ?? 500;
  let after: string | undefined;
  for (;;) {
    let query = db.selectFrom('workflows').select('id').orderBy('id').limit(batchSize);
    if (after !== undefined) query = query.where('id', '>', after);
    const rows = await query.execute();
    for (const row of rows) await check(row.id);
    if (rows.length < batchSize) return result;
    after = rows.at(-1)!.id;
  }
}

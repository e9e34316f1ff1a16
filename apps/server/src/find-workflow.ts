import type { Runtime, WorkflowRecord } from '@kefu/runtime';

/**
 * The workflow with this id when it is of `kind`, else null (no such id, or another kind's): what a
 * `complaint(id)`, `escalation(id)`, `crisis(id)` or `revisit(id)` query answers.
 */
export async function findWorkflow(
  runtime: Pick<Runtime, 'find'>,
  kind: string,
  id: string | number,
): Promise<WorkflowRecord | null> {
  const record = await runtime.find(String(id));
  return record?.kind === kind ? record : null;
}

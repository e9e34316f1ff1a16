import { assertCanActOn, requireActor } from './authorization.js';
import type { KefuContext } from './context.js';
import { mapErrors } from './graphql-errors.js';
import { withoutNulls } from './without-nulls.js';

/**
 * Sends a mutation's event to a workflow: the caller's right to act on it checked first (team rules, as for
 * complaints: nothing is written when refused), stamped with the server's clock and the caller, the idempotency
 * key passed on, the runtime's typed errors mapped to GraphQL errors. Returns the workflow after the event.
 */
export function sendWorkflowEvent(
  kefu: Pick<KefuContext, 'runtime' | 'actor' | 'now'>,
  input: { id: string | number; idempotencyKey?: string | null },
  type: string,
  fields: Record<string, unknown> = {},
) {
  return mapErrors(async () => {
    const { id, idempotencyKey } = input;
    await assertCanActOn(kefu, String(id));
    const { workflow } = await kefu.runtime.send(
      String(id),
      { ...withoutNulls(fields), type, at: kefu.now().toISOString(), by: requireActor(kefu) },
      idempotencyKey ? { idempotencyKey } : {},
    );
    return workflow;
  });
}

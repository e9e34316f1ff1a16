import type { Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import { IdempotencyKeyConflict, KefuError } from './runtime-errors.js';
import type { WorkflowEmittedPayload } from './runtime-pub-sub.js';
import type { EmittedEvent } from './transition.js';
import type { HistoryEntry, WorkflowRecord, WorkflowRows } from './workflow-rows.js';

/** What a reaction asks the runtime to do next: start a workflow or send one an event. */
export type WorkflowCommand =
  | { start: string; input: unknown; id: string }
  | { send: string; event: unknown; idempotencyKey: string };

/**
 * Links workflows: turns what one workflow emitted into commands for others. Pure: it returns commands, the
 * runtime carries them out. Reactions run from outbox delivery, so they survive a crash and may run more than
 * once: ids and idempotency keys must be derived from the source so a repeated delivery does nothing twice.
 */
export type Reaction = (
  emitted: EmittedEvent,
  source: { workflow: WorkflowRecord; entry: HistoryEntry },
) => WorkflowCommand[];

export interface RunReactionsOptions {
  db: Kysely<Database>;
  rows: WorkflowRows;
  reactions: Record<string, Reaction>;
  get(workflowId: string): Promise<WorkflowRecord>;
  /** Carries out one command (without waiting for its own delivery). */
  execute(command: WorkflowCommand): Promise<unknown>;
  /** Called when a command is refused (default: logged to stderr). The source transition stays committed. */
  onError?: ((error: unknown, command: WorkflowCommand) => void) | undefined;
}

/** Runs the reaction registered for an emitted event's type; a refusal is reported, anything else is thrown (retry). */
export function createReactionRunner(options: RunReactionsOptions) {
  return async function react(payload: WorkflowEmittedPayload): Promise<void> {
    const reaction = options.reactions[payload.event.type];
    if (!reaction) return;
    const row = await options.db
      .selectFrom('workflow_events')
      .selectAll()
      .where('workflow_id', '=', payload.workflowId)
      .where('seq', '=', payload.seq)
      .executeTakeFirst();
    if (!row) return;
    const workflow = await options.get(payload.workflowId);
    const source = { workflow, entry: options.rows.toEntry(row, workflow.kind) };
    for (const command of reaction(payload.event, source)) {
      try {
        await options.execute(command);
      } catch (error) {
        // Refusals are final (the command was already carried out, or no longer applies); anything else retries.
        if (!(error instanceof KefuError)) throw error;
        // The key was already used on that workflow by an earlier command of the same source: carried out.
        if (error instanceof IdempotencyKeyConflict) continue;
        if (options.onError) options.onError(error, command);
        else console.error('kefu: reaction failed:', error.message);
      }
    }
  };
}

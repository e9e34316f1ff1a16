import type { AnyStateMachine, SnapshotFrom } from 'xstate';

/** Columns the runtime keeps beside each snapshot so dashboards can filter and count without parsing JSON. */
export interface ReadModel {
  status: string;
  priority?: string | null;
  team?: string | null;
  assignee?: string | null;
  customerGrade?: string | null;
  category?: string | null;
  openedAt?: string | null;
  closedAt?: string | null;
  breached?: boolean;
}

/** A snapshot as stored (`actor.getPersistedSnapshot()`): `value`, `context`, `status` and XState's own fields. */
export interface PersistedSnapshot {
  value: unknown;
  context: Record<string, unknown>;
  status?: string;
  [field: string]: unknown;
}

/** Something with zod's `safeParse` shape: validates unknown data into T. */
export interface Parser<T> {
  safeParse(
    data: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };
}

/** How the runtime runs one kind of workflow: its machine, how to validate what comes in, what to index. */
export interface WorkflowDefinition<TMachine extends AnyStateMachine = AnyStateMachine, TInput = unknown> {
  /** The kind name stored in `workflows.kind`, e.g. `complaint`. */
  kind: string;
  machine: TMachine;
  /** Stored beside each snapshot; a snapshot of another version must be migrated before it is restored. */
  version: number;
  /** Validates the input that starts a workflow (it carries `at` and `by`, like an event). */
  input: Parser<TInput>;
  /** Validates an event before the machine sees it. */
  event: Parser<{ type: string; at: string; by: { userId: string; role: string } }>;
  /** The machine's input, from the workflow id and the validated input. */
  machineInput(workflowId: string, input: TInput): unknown;
  /** Read-model columns from a snapshot. */
  project(snapshot: SnapshotFrom<TMachine>): ReadModel;
  /**
   * Which roles may send each event type (`system` for the scheduler and reactions). The runtime lists a
   * caller's available actions as the events the current state accepts that the caller's role may send,
   * and names the allowed roles when it refuses an event for its role.
   */
  eventRoles?: Record<string, readonly string[]>;
  /**
   * Dotted paths of personal data (e.g. `customer.name`), encrypted at rest with the store's key: looked up in
   * the snapshot's context and in each event (the start event carries the input's fields).
   */
  personalData?: readonly string[];
  /**
   * Upgrades stored snapshots: `migrations[n]` turns a snapshot of version n into one of version n + 1. A
   * workflow whose stored version has no path to `version` fails with `SnapshotNotRestorable`.
   */
  migrations?: Record<number, (snapshot: PersistedSnapshot) => PersistedSnapshot>;
  /** Why an event was not accepted (e.g. which role may send it), when the machine can tell. */
  explainRejection?(
    snapshot: SnapshotFrom<TMachine>,
    event: { type: string; by: { role: string } },
  ): string | undefined;
}

/** Helps TypeScript infer a definition's machine type. */
export function defineWorkflow<TMachine extends AnyStateMachine, TInput>(
  definition: WorkflowDefinition<TMachine, TInput>,
): WorkflowDefinition<TMachine, TInput> {
  return definition;
}

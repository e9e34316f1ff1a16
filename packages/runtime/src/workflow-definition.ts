import type { AnyStateMachine, SnapshotFrom } from 'xstate';
import type { Migration } from './migrations.js';
import type { Projection } from './projection.js';

/**
 * Read-model fields of one workflow, as its definition projects them from a snapshot and the runtime keeps in
 * indexed columns of `workflows`. The engine knows no field; a package of definitions may name its fields by
 * augmenting this interface (`declare module '@kefu/runtime' { interface ReadModel { … } }`).
 */
export interface ReadModel {
  [field: string]: unknown;
}

/** SQL types a read-model column may have. */
export type ReadModelColumnType = 'text' | 'boolean' | 'integer' | 'double precision' | 'timestamptz';

/** Where one read-model field is kept: a column of `workflows` that the definition's `tables` create. */
export interface ReadModelColumn {
  column: string;
  type: ReadModelColumnType;
  /**
   * Written by the database (a default or a trigger in the definition's `tables`, e.g. a gapless number), never by
   * the projection: transitions leave the column alone and their result carries the value the row had.
   */
  generated?: boolean;
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
  /** The kind name stored in `workflows.kind`, e.g. `order`. */
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
  /**
   * The read-model fields of a snapshot, written in the transition's own statement to the columns `columns`
   * names. A field without a column is not stored.
   */
  project?(snapshot: SnapshotFrom<TMachine>): ReadModel;
  /** The column each read-model field is kept in (default: none). `tables` must create them. */
  columns?: Readonly<Record<string, ReadModelColumn>>;
  /**
   * Schema migrations this definition needs beside the engine's tables (its read-model columns and their
   * indexes), applied by `createRuntime` before its first operation, each once (ids unique across definitions;
   * definitions sharing a migration pass the same id).
   */
  tables?: readonly Migration[];
  /**
   * Read models kept in tables of their own: each adds its parts to every transition's ONE statement, guarded
   * on the write going in (see `Projection`); their `tables` are applied like `tables`.
   */
  projections?: readonly Projection[];
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
   * Dotted path, in the context and in the start input, of the id of the person the personal data belongs to.
   * With the runtime's `subjectKeys`, that person's data is sealed with their own key (crypto-shredding).
   */
  personalDataSubject?: string;
  /**
   * Upgrades stored snapshots: `migrations[n]` turns a snapshot of version n into one of version n + 1. A
   * workflow whose stored version has no path to `version` fails with `SnapshotNotRestorable`.
   */
  migrations?: Record<number, (snapshot: PersistedSnapshot) => PersistedSnapshot>;
  /**
   * Facts the machine may not look up itself (e.g. who is on duty now), added to each validated event from the
   * workflow's current context before the machine sees it. Only the named `fields` are taken, and only where the
   * event lacks them; the prepared event is what the log stores and a replay sees. A retry under the same
   * idempotency key is compared without the prepared fields it did not carry.
   */
  prepareEvent?: {
    fields: readonly string[];
    prepare(
      event: { type: string; at: string; by: { userId: string; role: string } },
      context: Record<string, unknown>,
    ): Record<string, unknown> | undefined;
  };
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

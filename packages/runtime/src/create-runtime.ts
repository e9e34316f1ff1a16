import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { type AnyActorRef, type AnyMachineSnapshot, createActor } from 'xstate';
import type { WorkflowEventsTable, WorkflowsTable } from './database-schema.js';
import { eventHash } from './event-hash.js';
import type { Store } from './open-store.js';
import {
  EventNotAccepted,
  InvalidPayload,
  KefuError,
  SnapshotNotRestorable,
  UnknownWorkflowKind,
  VersionConflict,
  WorkflowNotFound,
} from './runtime-errors.js';
import { stateValueToString } from './state-value.js';
import type { Parser, ReadModel, WorkflowDefinition } from './workflow-definition.js';

/** Who sent an event, as every event carries it. */
export interface EventActor {
  userId: string;
  role: string;
}

/** An event as the runtime receives it: a type, its own time and its sender, plus the payload. */
export interface WorkflowEvent {
  type: string;
  at: string;
  by: EventActor;
  [field: string]: unknown;
}

export interface WorkflowRecord {
  id: string;
  kind: string;
  machineId: string;
  machineVersion: number;
  /** The state value as a dotted string, e.g. `recorded` or `handling.temporary`. */
  state: string;
  /** Optimistic-concurrency version: the number of events applied, including the start. */
  version: number;
  context: Record<string, unknown>;
  readModel: Required<ReadModel>;
  createdAt: string;
  updatedAt: string;
}

export interface HistoryEntry {
  seq: number;
  type: string;
  at: string;
  by: EventActor | null;
  fromState: string | null;
  toState: string;
  /** The whole event as it was applied. */
  event: Record<string, unknown>;
  idempotencyKey: string | null;
  previousHash: string | null;
  hash: string;
}

export interface SendResult {
  workflow: WorkflowRecord;
  entry: HistoryEntry;
  /** What the machine emitted during this transition (for notifications and dashboards). */
  emitted: Array<{ type: string; [field: string]: unknown }>;
  /** True when the idempotency key was seen before: nothing was written and `entry` is the first result. */
  duplicate: boolean;
}

export interface SendOptions {
  /** Unique per workflow: a repeated key returns the first result and writes nothing. */
  idempotencyKey?: string;
}

export interface StartOptions {
  /** Use this id instead of a generated one. */
  id?: string;
}

export interface ListOptions {
  kind?: string;
  state?: string;
  limit?: number;
  offset?: number;
}

export type CommitListener = (result: SendResult) => void;

export type EmittedEvent = SendResult['emitted'][number];

/** What a reaction asks the runtime to do next: start a workflow or send one an event. */
export type WorkflowCommand =
  | { start: string; input: unknown; id: string }
  | { send: string; event: unknown; idempotencyKey: string };

/**
 * Links workflows: turns what one workflow emitted into commands for others (a missed complaint deadline
 * starts an escalation; a crisis resolution revisits its linked complaints). Pure: it returns commands,
 * the runtime carries them out. Ids and idempotency keys must be derived from the source so a repeated
 * delivery does nothing twice.
 */
export type Reaction = (
  emitted: EmittedEvent,
  source: { workflow: WorkflowRecord; entry: HistoryEntry },
) => WorkflowCommand[];

export interface RuntimeOptions {
  store: Store;
  workflows: WorkflowDefinition<any, any>[];
  newId?: () => string;
  /** Attempts on a version conflict before `VersionConflict` is thrown (default 10). */
  maxAttempts?: number;
  /** Called each time an optimistic version check fails and the send is retried (for metrics and tests). */
  onConflict?: (workflowId: string, attempt: number) => void;
  /** Reactions by emitted event type, carried out after the transition that emitted it commits. */
  reactions?: Record<string, Reaction>;
  /** Called when a reaction's command fails (default: logged to stderr). The source transition stays committed. */
  onReactionError?: (error: unknown, command: WorkflowCommand) => void;
}

export interface Runtime {
  readonly store: Store;
  definition(kind: string): WorkflowDefinition<any, any>;
  start(kind: string, input: unknown, options?: StartOptions): Promise<SendResult>;
  send(workflowId: string, event: unknown, options?: SendOptions): Promise<SendResult>;
  get(workflowId: string): Promise<WorkflowRecord>;
  find(workflowId: string): Promise<WorkflowRecord | undefined>;
  history(workflowId: string): Promise<HistoryEntry[]>;
  list(options?: ListOptions): Promise<WorkflowRecord[]>;
  /** Events the workflow's current state handles (guards aside). */
  acceptedEvents(workflowId: string): Promise<string[]>;
  /** Events the current state handles that `role` may send (by the definition's `eventRoles`). */
  availableActions(workflowId: string, role: string): Promise<string[]>;
  /** Called after each commit, in process. Returns an unsubscribe function. */
  onCommit(listener: CommitListener): () => void;
}

function parse<T>(parser: Parser<T>, value: unknown, what: 'event' | 'input'): T {
  const result = parser.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidPayload(
    what,
    result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  );
}

function toIso(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function toRecord(row: Selectable<WorkflowsTable>): WorkflowRecord {
  const snapshot = row.snapshot as { context?: Record<string, unknown> };
  return {
    id: row.id,
    kind: row.kind,
    machineId: row.machine_id,
    machineVersion: row.machine_version,
    state: row.state,
    version: row.version,
    context: snapshot.context ?? {},
    readModel: {
      status: row.status,
      priority: row.priority,
      team: row.team,
      assignee: row.assignee,
      customerGrade: row.customer_grade,
      category: row.category,
      openedAt: toIso(row.opened_at),
      closedAt: toIso(row.closed_at),
      breached: row.breached,
    },
    createdAt: toIso(row.created_at)!,
    updatedAt: toIso(row.updated_at)!,
  };
}

function toEntry(row: Selectable<WorkflowEventsTable>): HistoryEntry {
  return {
    seq: row.seq,
    type: row.type,
    at: toIso(row.at)!,
    by: row.actor_id ? { userId: row.actor_id, role: row.actor_role ?? '' } : null,
    fromState: row.from_state,
    toState: row.to_state,
    event: row.event as Record<string, unknown>,
    idempotencyKey: row.idempotency_key,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}

function readModelColumns(model: ReadModel) {
  return {
    status: model.status,
    priority: model.priority ?? null,
    team: model.team ?? null,
    assignee: model.assignee ?? null,
    customer_grade: model.customerGrade ?? null,
    category: model.category ?? null,
    opened_at: model.openedAt ?? null,
    closed_at: model.closedAt ?? null,
    breached: model.breached ?? false,
  };
}

/** Event types the snapshot's active states handle, without XState's internal ones. */
export function acceptedEventTypes(snapshot: AnyMachineSnapshot): string[] {
  const types = new Set<string>();
  for (const node of snapshot._nodes) {
    for (const type of node.ownEvents) if (!type.startsWith('xstate.') && type !== '*') types.add(type);
  }
  return [...types].sort();
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

function runActor(
  definition: WorkflowDefinition,
  workflowId: string,
  options: { snapshot?: unknown; input?: unknown },
) {
  let failure: unknown;
  let actor: AnyActorRef;
  try {
    actor = createActor(definition.machine, options as never);
    // Errors inside the actor surface here rather than as an unhandled exception.
    actor.subscribe({ error: (error) => (failure = error) });
    actor.start();
  } catch (error) {
    throw new SnapshotNotRestorable(workflowId, error instanceof Error ? error.message : String(error));
  }
  const snapshot = actor.getSnapshot() as AnyMachineSnapshot;
  if (failure !== undefined || snapshot.status === 'error') {
    const reason = failure ?? snapshot.error;
    throw new SnapshotNotRestorable(workflowId, reason instanceof Error ? reason.message : String(reason));
  }
  return actor;
}

/** Creates the durable runtime over a store: restore → can → send → persist snapshot + log, in one transaction. */
export function createRuntime(options: RuntimeOptions): Runtime {
  const { store } = options;
  const { db } = store;
  const newId = options.newId ?? randomUUID;
  const maxAttempts = options.maxAttempts ?? 10;
  const definitions = new Map(options.workflows.map((definition) => [definition.kind, definition]));
  const listeners = new Set<CommitListener>();

  function definition(kind: string): WorkflowDefinition {
    const found = definitions.get(kind);
    if (!found) throw new UnknownWorkflowKind(kind, [...definitions.keys()]);
    return found;
  }

  function restore(row: Selectable<WorkflowsTable>): { definition: WorkflowDefinition; actor: AnyActorRef } {
    const def = definition(row.kind);
    if (row.machine_id !== def.machine.id) {
      throw new SnapshotNotRestorable(
        row.id,
        `stored for machine "${row.machine_id}", not "${def.machine.id}"`,
      );
    }
    if (row.machine_version !== def.version) {
      throw new SnapshotNotRestorable(
        row.id,
        `stored by machine version ${row.machine_version}; this process runs version ${def.version}`,
      );
    }
    return { definition: def, actor: runActor(def, row.id, { snapshot: row.snapshot }) };
  }

  async function react(result: SendResult) {
    const reactions = options.reactions;
    if (!reactions) return;
    for (const emitted of result.emitted) {
      const reaction = reactions[emitted.type];
      if (!reaction) continue;
      for (const command of reaction(emitted, { workflow: result.workflow, entry: result.entry })) {
        try {
          if ('start' in command) await runtime.start(command.start, command.input, { id: command.id });
          else await runtime.send(command.send, command.event, { idempotencyKey: command.idempotencyKey });
        } catch (error) {
          if (options.onReactionError) options.onReactionError(error, command);
          else console.error('kefu: reaction failed', error instanceof Error ? error.message : error);
        }
      }
    }
  }

  function notify(result: SendResult) {
    for (const listener of listeners) {
      try {
        listener(result);
      } catch {
        // A listener's failure must not undo or fail a committed transition.
      }
    }
  }

  async function loadRow(workflowId: string) {
    const row = await db.selectFrom('workflows').selectAll().where('id', '=', workflowId).executeTakeFirst();
    if (!row) throw new WorkflowNotFound(workflowId);
    return row;
  }

  async function findByKey(workflowId: string, key: string) {
    const row = await db
      .selectFrom('workflow_events')
      .selectAll()
      .where('workflow_id', '=', workflowId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    return row ? toEntry(row) : undefined;
  }

  async function duplicateResult(workflowId: string, key: string): Promise<SendResult | undefined> {
    const entry = await findByKey(workflowId, key);
    if (!entry) return undefined;
    return { workflow: toRecord(await loadRow(workflowId)), entry, emitted: [], duplicate: true };
  }

  const runtime: Runtime = {
    store,
    definition,

    async start(kind, rawInput, startOptions = {}) {
      const def = definition(kind);
      const input = parse(def.input, rawInput, 'input') as { at: string; by: EventActor };
      if (startOptions.id) {
        const existing = await runtime.find(startOptions.id);
        if (existing) {
          const [entry] = await runtime.history(startOptions.id);
          return { workflow: existing, entry: entry!, emitted: [], duplicate: true };
        }
      }
      const id = startOptions.id ?? newId();
      const actor = runActor(def, id, { input: def.machineInput(id, input) });
      const emitted: SendResult['emitted'] = [];
      actor.on('*', (event: SendResult['emitted'][number]) => emitted.push(event));
      const snapshot = actor.getSnapshot() as AnyMachineSnapshot;
      const persisted = actor.getPersistedSnapshot();
      actor.stop();
      const state = stateValueToString(snapshot.value);
      const event = { type: `${kind}.started`, ...input };
      const hash = eventHash(null, id, 1, event);
      const at = new Date(input.at).toISOString();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('workflows')
          .values({
            id,
            kind,
            machine_id: def.machine.id,
            machine_version: def.version,
            state,
            snapshot: JSON.stringify(persisted),
            version: 1,
            last_hash: hash,
            created_at: at,
            updated_at: at,
            ...readModelColumns(def.project(snapshot)),
          })
          .execute();
        await trx
          .insertInto('workflow_events')
          .values({
            workflow_id: id,
            seq: 1,
            type: event.type,
            event: JSON.stringify(event),
            from_state: null,
            to_state: state,
            at,
            actor_id: input.by.userId,
            actor_role: input.by.role,
            idempotency_key: null,
            previous_hash: null,
            hash,
          })
          .execute();
      });
      const result: SendResult = {
        workflow: toRecord(await loadRow(id)),
        entry: (await runtime.history(id))[0]!,
        emitted,
        duplicate: false,
      };
      notify(result);
      await react(result);
      return result;
    },

    async send(workflowId, rawEvent, sendOptions = {}) {
      const key = sendOptions.idempotencyKey;
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const row = await loadRow(workflowId);
        if (key) {
          const duplicate = await duplicateResult(workflowId, key);
          if (duplicate) return duplicate;
        }
        const { definition: def, actor } = restore(row);
        const event = parse(def.event, rawEvent, 'event') as WorkflowEvent;
        const before = actor.getSnapshot() as AnyMachineSnapshot;
        if (!before.can(event)) {
          actor.stop();
          const allowed = def.eventRoles?.[event.type];
          const roleReason =
            allowed && !allowed.includes(event.by.role)
              ? `"${event.type}" may be sent by ${allowed.join(' or ')}, not ${event.by.role}`
              : undefined;
          throw new EventNotAccepted(
            workflowId,
            row.state,
            event.type,
            acceptedEventTypes(before),
            def.explainRejection?.(before, event) ?? roleReason,
          );
        }
        const emitted: SendResult['emitted'] = [];
        actor.on('*', (emittedEvent: SendResult['emitted'][number]) => emitted.push(emittedEvent));
        actor.send(event);
        const after = actor.getSnapshot() as AnyMachineSnapshot;
        const persisted = actor.getPersistedSnapshot();
        actor.stop();
        if (after.status === 'error') {
          throw new KefuError(
            'MACHINE_ERROR',
            `Workflow "${workflowId}" failed on "${event.type}": ${String(after.error)}`,
          );
        }
        const seq = row.version + 1;
        const toState = stateValueToString(after.value);
        const hash = eventHash(row.last_hash, workflowId, seq, event);
        const at = new Date(event.at).toISOString();
        let committed: boolean;
        try {
          committed = await db.transaction().execute(async (trx) => {
            const updated = await trx
              .updateTable('workflows')
              .set({
                state: toState,
                snapshot: JSON.stringify(persisted),
                version: seq,
                last_hash: hash,
                updated_at: at,
                ...readModelColumns(def.project(after)),
              })
              .where('id', '=', workflowId)
              .where('version', '=', row.version)
              .executeTakeFirst();
            if (updated.numUpdatedRows === 0n) return false;
            await trx
              .insertInto('workflow_events')
              .values({
                workflow_id: workflowId,
                seq,
                type: event.type,
                event: JSON.stringify(event),
                from_state: row.state,
                to_state: toState,
                at,
                actor_id: event.by.userId,
                actor_role: event.by.role,
                idempotency_key: key ?? null,
                previous_hash: row.last_hash,
                hash,
              })
              .execute();
            return true;
          });
        } catch (error) {
          if (key && isUniqueViolation(error)) {
            const duplicate = await duplicateResult(workflowId, key);
            if (duplicate) return duplicate;
          }
          throw error;
        }
        if (!committed) {
          options.onConflict?.(workflowId, attempt);
          continue;
        }
        const result: SendResult = {
          workflow: toRecord(await loadRow(workflowId)),
          entry: {
            seq,
            type: event.type,
            at,
            by: event.by,
            fromState: row.state,
            toState,
            event,
            idempotencyKey: key ?? null,
            previousHash: row.last_hash,
            hash,
          },
          emitted,
          duplicate: false,
        };
        notify(result);
        await react(result);
        return result;
      }
      throw new VersionConflict(workflowId, maxAttempts);
    },

    async get(workflowId) {
      return toRecord(await loadRow(workflowId));
    },

    async find(workflowId) {
      const row = await db
        .selectFrom('workflows')
        .selectAll()
        .where('id', '=', workflowId)
        .executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },

    async history(workflowId) {
      await loadRow(workflowId);
      const rows = await db
        .selectFrom('workflow_events')
        .selectAll()
        .where('workflow_id', '=', workflowId)
        .orderBy('seq')
        .execute();
      return rows.map(toEntry);
    },

    async list(listOptions = {}) {
      let query = db.selectFrom('workflows').selectAll();
      if (listOptions.kind) query = query.where('kind', '=', listOptions.kind);
      if (listOptions.state) query = query.where('state', '=', listOptions.state);
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(Math.min(listOptions.limit ?? 50, 500))
        .offset(listOptions.offset ?? 0)
        .execute();
      return rows.map(toRecord);
    },

    async acceptedEvents(workflowId) {
      const { actor } = restore(await loadRow(workflowId));
      const types = acceptedEventTypes(actor.getSnapshot() as AnyMachineSnapshot);
      actor.stop();
      return types;
    },

    async availableActions(workflowId, role) {
      const row = await loadRow(workflowId);
      const roles = definition(row.kind).eventRoles ?? {};
      return (await runtime.acceptedEvents(workflowId)).filter((type) => roles[type]?.includes(role));
    },

    onCommit(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return runtime;
}

import type { Selectable } from 'kysely';
import { type AnyActorRef, type AnyMachineSnapshot, createActor } from 'xstate';
import type { DataCipher } from './data-cipher.js';
import type { WorkflowsTable } from './database-schema.js';
import { eventHash } from './event-hash.js';
import { parsePayload } from './parse-payload.js';
import {
  EventNotAccepted,
  InvalidPayload,
  KefuError,
  PayloadTooLarge,
  SnapshotNotRestorable,
  UnknownEventType,
} from './runtime-errors.js';
import { type WorkflowChangedPayload, workflowTopics } from './runtime-pub-sub.js';
import { stateValueToString } from './state-value.js';
import { subjectCiphertextMarker } from './subject-keys.js';
import type { PersistedSnapshot, ReadModel, WorkflowDefinition } from './workflow-definition.js';
import {
  columnValues,
  type EventActor,
  generatedFields,
  type HistoryEntry,
  projectReadModel,
  toIso,
  type WorkflowRecord,
  type WorkflowRows,
} from './workflow-rows.js';
import { deadlinesOf, diffDeadlines, type OutboxMessage, type TransitionWrite } from './write-transition.js';

/** An event as the runtime receives it: a type, its own time and its sender, plus the payload. */
export interface WorkflowEvent {
  type: string;
  at: string;
  by: EventActor;
  [field: string]: unknown;
}

export interface SendResult {
  /**
   * The workflow as written. Its `context` is the machine's, frozen when it is plain JSON (the runtime plans the
   * next send on it): read it, or change a copy.
   */
  workflow: WorkflowRecord;
  entry: HistoryEntry;
  /** What the machine emitted during this transition (for notifications and dashboards). */
  emitted: Array<{ type: string; [field: string]: unknown }>;
  /** True when the idempotency key was seen before: nothing was written and `entry` is the first result. */
  duplicate: boolean;
}

export type EmittedEvent = SendResult['emitted'][number];

/** What planning a transition needs besides the definition and the row. */
export interface TransitionContext {
  rows: WorkflowRows;
  cipher: DataCipher;
  newId: () => string;
}

/** A transition applied in memory: the statement to write and the result to return once it is written. */
export interface PlannedTransition {
  write: TransitionWrite;
  result: SendResult;
  /** What the row kept in process holds for `write.snapshot` (`SealedSnapshot.value`: opened from memory). */
  sealedSnapshot: unknown;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function checkSize(value: unknown, limit: number, what: 'event' | 'input') {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new InvalidPayload(what, [{ path: '', message: `not serializable: ${messageOf(error)}` }]);
  }
  const bytes = Buffer.byteLength(text ?? '');
  if (bytes > limit) throw new PayloadTooLarge(bytes, limit);
}

/** Event types the snapshot's active states handle, without XState's internal ones. */
export function acceptedEventTypes(snapshot: AnyMachineSnapshot): string[] {
  const types = new Set<string>();
  for (const node of snapshot._nodes) {
    for (const type of node.ownEvents) if (!type.startsWith('xstate.') && type !== '*') types.add(type);
  }
  return [...types].sort();
}

/** Starts an actor from input or a snapshot; a snapshot XState cannot restore is `SnapshotNotRestorable`. */
export function runActor(
  definition: WorkflowDefinition,
  workflowId: string,
  options: { snapshot?: unknown; input?: unknown },
  onEmit?: (event: EmittedEvent) => void,
): AnyActorRef {
  let failure: unknown;
  let actor: AnyActorRef;
  try {
    actor = createActor(definition.machine, options as never);
    // XState reports a bad snapshot asynchronously to an observer; without one it would crash the process.
    actor.subscribe({ error: (error) => (failure = error) });
    // Listening before `start` catches what the machine emits as it starts (its root's entry actions).
    if (onEmit) actor.on('*', onEmit);
    actor.start();
  } catch (error) {
    throw new SnapshotNotRestorable(workflowId, messageOf(error));
  }
  const snapshot = actor.getSnapshot() as AnyMachineSnapshot;
  if (failure !== undefined || snapshot.status === 'error') {
    actor.stop();
    throw new SnapshotNotRestorable(workflowId, messageOf(failure ?? snapshot.error));
  }
  return actor;
}

/** The stored snapshot, decrypted and upgraded to the definition's version by its migrations. */
export function storedSnapshot(
  rows: WorkflowRows,
  row: Selectable<WorkflowsTable>,
  definition: WorkflowDefinition,
): PersistedSnapshot {
  if (row.machine_id !== definition.machine.id) {
    throw new SnapshotNotRestorable(
      row.id,
      `stored for machine "${row.machine_id}", not "${definition.machine.id}"`,
    );
  }
  if (row.machine_version > definition.version) {
    throw new SnapshotNotRestorable(
      row.id,
      `stored by machine version ${row.machine_version}; this process runs the older version ${definition.version}`,
    );
  }
  let snapshot = rows.openSnapshot(row, definition) as PersistedSnapshot;
  for (let version = row.machine_version; version < definition.version; version++) {
    const step = definition.migrations?.[version];
    if (!step) {
      throw new SnapshotNotRestorable(
        row.id,
        `stored by machine version ${version}; no migration from it to ${version + 1} (this process runs ${definition.version})`,
      );
    }
    try {
      snapshot = step(snapshot);
    } catch (error) {
      throw new SnapshotNotRestorable(
        row.id,
        `migration from version ${version} failed: ${messageOf(error)}`,
      );
    }
  }
  return snapshot;
}

/** The workflow's actor, restored from its row (stop it when done). */
export function restoreActor(
  rows: WorkflowRows,
  row: Selectable<WorkflowsTable>,
  definition: WorkflowDefinition,
): AnyActorRef {
  return runActor(definition, row.id, { snapshot: storedSnapshot(rows, row, definition) });
}

function outboxMessages(
  cipher: DataCipher,
  entry: { workflowId: string; kind: string; seq: number; type: string; state: string; at: string },
  emitted: EmittedEvent[],
): OutboxMessage[] {
  const { workflowId, kind, seq, type, state, at } = entry;
  const changed: WorkflowChangedPayload = { workflowId, kind, seq, type, state, version: seq, at };
  return [
    { topic: workflowTopics.changed, payload: changed },
    // What a machine emits may quote personal data: kept encrypted in the outbox, published in the clear.
    ...emitted.map((event) => ({
      topic: workflowTopics.emitted,
      payload: { workflowId, kind, seq, event: cipher.encrypt(event) },
    })),
  ];
}

/** The event a log entry's hash covers: as sent, unless a subject key sealed its personal data (`hashForm`). */
function hashedEvent(
  context: TransitionContext,
  definition: WorkflowDefinition,
  event: WorkflowEvent,
  sealedEvent: string,
): unknown {
  return sealedEvent.includes(`"${subjectCiphertextMarker}`)
    ? context.rows.hashForm(definition, JSON.parse(sealedEvent))
    : event;
}

interface Applied {
  definition: WorkflowDefinition;
  workflowId: string;
  kind: string;
  seq: number;
  event: WorkflowEvent;
  fromState: string | null;
  before: Record<string, unknown> | undefined;
  after: AnyMachineSnapshot;
  persisted: unknown;
  /** The stored snapshot the transition started from, as read or cached (undefined for a start). */
  previousSnapshot: unknown;
  emitted: EmittedEvent[];
  idempotencyKey: string | null;
  previousHash: string | null;
  createdAt: string | undefined;
  /** Database-generated read-model fields of the stored row, carried into the result unchanged. */
  kept?: ReadModel;
}

/** The write and the result of a transition the machine has made. */
function plan(context: TransitionContext, applied: Applied): PlannedTransition {
  const { definition, workflowId, kind, seq, event, after } = applied;
  const state = stateValueToString(after.value);
  const sealedEvent = context.rows.sealEvent(definition, event, applied.persisted);
  const hash = eventHash(
    applied.previousHash,
    workflowId,
    seq,
    hashedEvent(context, definition, event, sealedEvent),
  );
  const at = new Date(event.at).toISOString();
  const readModel = { ...projectReadModel(definition, after), ...applied.kept };
  const sealed = context.rows.sealSnapshot(definition, applied.persisted, applied.previousSnapshot);
  const write: TransitionWrite = {
    workflowId,
    kind,
    machineId: definition.machine.id,
    machineVersion: definition.version,
    expectedVersion: seq === 1 ? undefined : seq - 1,
    seq,
    state,
    fromState: applied.fromState,
    snapshot: sealed.text,
    columns: columnValues(definition, readModel),
    event: sealedEvent,
    eventType: event.type,
    at,
    actor: event.by,
    idempotencyKey: applied.idempotencyKey,
    previousHash: applied.previousHash,
    hash,
    timers: diffDeadlines(deadlinesOf(applied.before), deadlinesOf(after.context), context.newId),
    outbox: outboxMessages(
      context.cipher,
      { workflowId, kind, seq, type: event.type, state, at },
      applied.emitted,
    ),
  };
  const result: SendResult = {
    workflow: {
      id: workflowId,
      kind,
      machineId: definition.machine.id,
      machineVersion: definition.version,
      state,
      version: seq,
      context: after.context as Record<string, unknown>,
      readModel,
      createdAt: applied.createdAt ?? at,
      updatedAt: at,
    },
    entry: {
      seq,
      type: event.type,
      at,
      by: event.by,
      fromState: applied.fromState,
      toState: state,
      event,
      idempotencyKey: applied.idempotencyKey,
      previousHash: applied.previousHash,
      hash,
    },
    emitted: applied.emitted,
    duplicate: false,
  };
  return { write, result, sealedSnapshot: sealed.value };
}

/** Starts a workflow in memory from validated input (`kind.started` is its first log entry). */
export function planStart(
  context: TransitionContext,
  definition: WorkflowDefinition,
  workflowId: string,
  input: { at: string; by: EventActor },
): PlannedTransition {
  const emitted: EmittedEvent[] = [];
  const actor = runActor(
    definition,
    workflowId,
    { input: definition.machineInput(workflowId, input) },
    (event) => emitted.push(event),
  );
  const after = actor.getSnapshot() as AnyMachineSnapshot;
  const persisted = actor.getPersistedSnapshot();
  actor.stop();
  return plan(context, {
    definition,
    workflowId,
    kind: definition.kind,
    seq: 1,
    event: { type: `${definition.kind}.started`, ...input },
    fromState: null,
    before: undefined,
    after,
    persisted,
    previousSnapshot: undefined,
    emitted,
    idempotencyKey: null,
    previousHash: null,
    createdAt: undefined,
  });
}

/** The event with the facts `definition.prepareEvent` adds for the fields it lacks, validated again. */
function prepareEvent(
  definition: WorkflowDefinition,
  event: WorkflowEvent,
  context: Record<string, unknown>,
): WorkflowEvent {
  const preparing = definition.prepareEvent;
  if (!preparing) return event;
  const facts = preparing.prepare(event, context) ?? {};
  const added: Record<string, unknown> = {};
  for (const field of preparing.fields) {
    if (!(field in event) && facts[field] !== undefined) added[field] = facts[field];
  }
  if (Object.keys(added).length === 0) return event;
  return parsePayload(definition.event, { ...event, ...added }, 'event') as WorkflowEvent;
}

/**
 * Restore → can → send → plan the write: validates the event, restores the actor from the row, asks the machine
 * whether the state accepts it (`EventNotAccepted` naming the state, what it accepts and why not) and sends it.
 */
export function planEvent(
  context: TransitionContext,
  definition: WorkflowDefinition,
  row: Selectable<WorkflowsTable>,
  rawEvent: unknown,
  idempotencyKey: string | undefined,
): PlannedTransition {
  const type = (rawEvent as { type?: unknown } | null)?.type;
  const known = (definition.machine as unknown as { events: string[] }).events;
  if (typeof type === 'string' && !known.includes('*') && !known.includes(type)) {
    throw new UnknownEventType(row.id, type, [...known].sort());
  }
  const parsed = parsePayload(definition.event, rawEvent, 'event') as WorkflowEvent;
  const actor = restoreActor(context.rows, row, definition);
  const before = actor.getSnapshot() as AnyMachineSnapshot;
  const event = prepareEvent(definition, parsed, before.context);
  if (!before.can(event)) {
    actor.stop();
    const allowed = definition.eventRoles?.[event.type];
    const roleReason =
      allowed && !allowed.includes(event.by.role)
        ? `"${event.type}" may be sent by ${allowed.join(' or ')}, not ${event.by.role}`
        : undefined;
    throw new EventNotAccepted(
      row.id,
      row.state,
      event.type,
      acceptedEventTypes(before),
      definition.explainRejection?.(before, event) ?? roleReason,
    );
  }
  const emitted: EmittedEvent[] = [];
  actor.on('*', (emittedEvent: EmittedEvent) => emitted.push(emittedEvent));
  actor.send(event);
  const after = actor.getSnapshot() as AnyMachineSnapshot;
  const persisted = actor.getPersistedSnapshot();
  actor.stop();
  if (after.status === 'error') {
    throw new KefuError(
      'MACHINE_ERROR',
      `Workflow "${row.id}" failed on "${event.type}": ${String(after.error)}`,
    );
  }
  return plan(context, {
    definition,
    workflowId: row.id,
    kind: row.kind,
    seq: row.version + 1,
    event,
    fromState: row.state,
    before: before.context,
    after,
    persisted,
    previousSnapshot: row.snapshot,
    emitted,
    idempotencyKey: idempotencyKey ?? null,
    previousHash: row.last_hash,
    createdAt: toIso(row.created_at),
    kept: generatedFields(definition, row),
  });
}

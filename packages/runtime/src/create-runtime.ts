import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import { type AnyActorRef, type AnyMachineSnapshot, createActor } from 'xstate';
import { DataKeyError, isCiphertext, openPaths, sealPaths } from './data-cipher.js';
import type { Database, TimersTable, WorkflowEventsTable, WorkflowsTable } from './database-schema.js';
import { canonicalJson, eventHash } from './event-hash.js';
import type { Store } from './open-store.js';
import {
  EventNotAccepted,
  IdempotencyKeyConflict,
  InvalidPayload,
  KefuError,
  PayloadTooLarge,
  SnapshotNotRestorable,
  UnknownEventType,
  UnknownWorkflowKind,
  VersionConflict,
  WorkflowNotFound,
} from './runtime-errors.js';
import {
  createRuntimePubSub,
  type RuntimePubSub,
  type WorkflowChangedPayload,
  type WorkflowEmittedPayload,
  workflowTopics,
} from './runtime-pub-sub.js';
import { stateValueToString } from './state-value.js';
import type { Parser, PersistedSnapshot, ReadModel, WorkflowDefinition } from './workflow-definition.js';
import { deadlinesOf, diffDeadlines, type OutboxMessage, writeTransition } from './write-transition.js';

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

/** A timer row: one deadline of one workflow, pending or fired. */
export interface TimerRecord {
  id: string;
  workflowId: string;
  name: string;
  event: string;
  dueAt: string;
  firedAt: string | null;
  /** `fired` (the machine took the event), `ignored` (it refused it: stale), `failed` (not restorable). */
  outcome: 'fired' | 'ignored' | 'failed' | null;
  reason: string | null;
  lateByMs: number | null;
  /** The log entry the timer's event became, when it fired. */
  firedSeq: number | null;
}

/** What the scheduler did with one due timer. */
export interface TimerFiring {
  timer: TimerRecord;
  outcome: 'fired' | 'ignored' | 'failed';
  lateByMs: number;
  reason?: string;
}

/** The result of `verify`: does the stored state agree with its log? */
export interface Verification {
  workflowId: string;
  events: number;
  /** Every hash recomputes from its entry and the previous hash. */
  hashChainIntact: boolean;
  /** Replaying the log from the start through the machine gives the stored snapshot. */
  replayMatchesSnapshot: boolean;
  /** Pending timer rows are exactly the deadlines in the snapshot's context. */
  timersMatchDeadlines: boolean;
  problems: string[];
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
 * the runtime carries them out. Reactions run from outbox delivery, so they survive a crash and may run more
 * than once: ids and idempotency keys must be derived from the source so a repeated delivery does nothing twice.
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
  /** Reactions by emitted event type, carried out when the outbox row of what was emitted is delivered. */
  reactions?: Record<string, Reaction>;
  /** Called when a reaction's command fails (default: logged to stderr). The source transition stays committed. */
  onReactionError?: (error: unknown, command: WorkflowCommand) => void;
  /** Where the outbox publishes (default: in-process). Use `createRuntimePubSub({ redisUrl })` for Redis. */
  pubSub?: RuntimePubSub;
  /** Wait for the outbox to be delivered before `start`/`send` return (default true; false delivers in the background). */
  awaitDelivery?: boolean;
  /** Called when delivering the outbox fails (default: logged to stderr without payloads); rows are retried. */
  onDeliveryError?: (error: unknown) => void;
  /** Largest serialized event or start input accepted, in bytes (default 64 KiB). */
  maxPayloadBytes?: number;
}

export interface Runtime {
  readonly store: Store;
  /** Where the outbox publishes: hand `pubSub.eventTarget` to graphql-yoga's `createPubSub`. */
  readonly pubSub: RuntimePubSub;
  definition(kind: string): WorkflowDefinition<any, any>;
  start(kind: string, input: unknown, options?: StartOptions): Promise<SendResult>;
  send(workflowId: string, event: unknown, options?: SendOptions): Promise<SendResult>;
  get(workflowId: string): Promise<WorkflowRecord>;
  find(workflowId: string): Promise<WorkflowRecord | undefined>;
  history(workflowId: string): Promise<HistoryEntry[]>;
  list(options?: ListOptions): Promise<WorkflowRecord[]>;
  /**
   * A `workflows` row the caller selected itself (e.g. an API's filtered, sorted page) as a record, mapped and
   * decrypted exactly as `list` does: a row whose personal data this key cannot open keeps its ciphertexts.
   */
  recordFromRow(row: Selectable<WorkflowsTable>): WorkflowRecord;
  /** Events the workflow's current state handles (guards aside). */
  acceptedEvents(workflowId: string): Promise<string[]>;
  /** Events the current state handles that `role` may send (by the definition's `eventRoles`). */
  availableActions(workflowId: string, role: string): Promise<string[]>;
  /** Called after each commit, in process. Returns an unsubscribe function. */
  onCommit(listener: CommitListener): () => void;
  /** The workflow's timer rows, pending and fired, by due time. */
  timers(workflowId: string): Promise<TimerRecord[]>;
  /**
   * Claims the earliest timer due at `now` (`FOR UPDATE SKIP LOCKED`), sends its event and marks it fired in
   * the same transaction. Returns undefined when nothing is due. The scheduler calls this in a loop.
   */
  fireNextTimer(now: Date): Promise<TimerFiring | undefined>;
  /**
   * Like `fireNextTimer` for up to `limit` due timers (default 20) in one transaction (one commit), each in
   * its own savepoint. A timer that fails for a reason other than its workflow stays due for the next run.
   */
  fireDueTimers(now: Date, limit?: number): Promise<TimerFiring[]>;
  /**
   * Delivers pending outbox rows (publish, then reactions) and waits for deliveries already under way; returns
   * how many rows this call handled.
   */
  deliverOutbox(): Promise<number>;
  /** Checks the hash chain, replays the log through the machine and compares timers with deadlines. */
  verify(workflowId: string): Promise<Verification>;
  /** Resolves when no outbox delivery is in flight. */
  idle(): Promise<void>;
}

/** Why the runtime refuses an event before anything is written (for the scheduler: a stale timer is ignored). */
const refusals = [EventNotAccepted, InvalidPayload, UnknownEventType, PayloadTooLarge];
/** Failures that belong to one workflow and will not heal by retrying. */
const workflowFailures = [SnapshotNotRestorable, WorkflowNotFound, UnknownWorkflowKind, DataKeyError];

const defaultMaxPayloadBytes = 64 * 1024;
const outboxBatchSize = 100;

function parse<T>(parser: Parser<T>, value: unknown, what: 'event' | 'input'): T {
  const result = parser.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidPayload(
    what,
    result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  );
}

function checkSize(value: unknown, limit: number, what: 'event' | 'input') {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new InvalidPayload(what, [{ path: '', message: `not serializable: ${(error as Error).message}` }]);
  }
  const bytes = Buffer.byteLength(text ?? '');
  if (bytes > limit) throw new PayloadTooLarge(bytes, limit);
}

function toIso(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function fullReadModel(model: ReadModel): Required<ReadModel> {
  return {
    status: model.status,
    priority: model.priority ?? null,
    team: model.team ?? null,
    assignee: model.assignee ?? null,
    customerGrade: model.customerGrade ?? null,
    category: model.category ?? null,
    openedAt: model.openedAt ? new Date(model.openedAt).toISOString() : null,
    closedAt: model.closedAt ? new Date(model.closedAt).toISOString() : null,
    breached: model.breached ?? false,
  };
}

function toTimer(row: Selectable<TimersTable>): TimerRecord {
  return {
    id: row.id,
    workflowId: row.workflow_id,
    name: row.name,
    event: row.event,
    dueAt: toIso(row.due_at)!,
    firedAt: toIso(row.fired_at),
    outcome: row.outcome as TimerRecord['outcome'],
    reason: row.reason,
    lateByMs: row.late_by_ms === null ? null : Number(row.late_by_ms),
    firedSeq: row.fired_seq,
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
    // XState reports a bad snapshot asynchronously to an observer; without one it would crash the process.
    actor.subscribe({ error: (error) => (failure = error) });
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

/**
 * Creates the durable runtime over a store: restore → can → send → persist, each transition in one SQL
 * statement (snapshot with version check, hash-chained log entry, timers, outbox); the outbox is delivered
 * after commit.
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  const { store } = options;
  const { db, cipher } = store;
  const newId = options.newId ?? randomUUID;
  const maxAttempts = options.maxAttempts ?? 10;
  const maxPayloadBytes = options.maxPayloadBytes ?? defaultMaxPayloadBytes;
  const awaitDelivery = options.awaitDelivery ?? true;
  const pubSub = options.pubSub ?? createRuntimePubSub();
  const definitions = new Map(options.workflows.map((definition) => [definition.kind, definition]));
  const listeners = new Set<CommitListener>();

  function definition(kind: string): WorkflowDefinition {
    const found = definitions.get(kind);
    if (!found) throw new UnknownWorkflowKind(kind, [...definitions.keys()]);
    return found;
  }

  const personalPaths = (def: WorkflowDefinition | undefined) => def?.personalData ?? [];
  const contextPaths = (def: WorkflowDefinition | undefined) =>
    personalPaths(def).map((path) => `context.${path}`);

  function sealSnapshot(def: WorkflowDefinition, snapshot: unknown): string {
    return JSON.stringify(sealPaths(snapshot, contextPaths(def), cipher));
  }

  function sealEvent(def: WorkflowDefinition, event: unknown): string {
    return JSON.stringify(sealPaths(event, personalPaths(def), cipher));
  }

  /** `tolerant` (lists): a row whose personal data this key cannot read keeps its ciphertexts instead of failing the list. */
  function toRecord(row: Selectable<WorkflowsTable>, tolerant = false): WorkflowRecord {
    const def = definitions.get(row.kind);
    let snapshot: { context?: Record<string, unknown> };
    try {
      snapshot = openPaths(row.snapshot, contextPaths(def), cipher) as typeof snapshot;
    } catch (error) {
      if (!tolerant || !(error instanceof DataKeyError)) throw error;
      snapshot = row.snapshot as typeof snapshot;
    }
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

  function toEntry(row: Selectable<WorkflowEventsTable>, def: WorkflowDefinition | undefined): HistoryEntry {
    return {
      seq: row.seq,
      type: row.type,
      at: toIso(row.at)!,
      by: row.actor_id ? { userId: row.actor_id, role: row.actor_role ?? '' } : null,
      fromState: row.from_state,
      toState: row.to_state,
      event: openPaths(row.event, personalPaths(def), cipher) as Record<string, unknown>,
      idempotencyKey: row.idempotency_key,
      previousHash: row.previous_hash,
      hash: row.hash,
    };
  }

  /** The stored snapshot, decrypted and upgraded to the definition's version by its migrations. */
  function storedSnapshot(row: Selectable<WorkflowsTable>, def: WorkflowDefinition): PersistedSnapshot {
    if (row.machine_id !== def.machine.id) {
      throw new SnapshotNotRestorable(
        row.id,
        `stored for machine "${row.machine_id}", not "${def.machine.id}"`,
      );
    }
    if (row.machine_version > def.version) {
      throw new SnapshotNotRestorable(
        row.id,
        `stored by machine version ${row.machine_version}; this process runs the older version ${def.version}`,
      );
    }
    let snapshot = openPaths(row.snapshot, contextPaths(def), cipher) as PersistedSnapshot;
    for (let version = row.machine_version; version < def.version; version++) {
      const step = def.migrations?.[version];
      if (!step) {
        throw new SnapshotNotRestorable(
          row.id,
          `stored by machine version ${version}; no migration from it to ${version + 1} (this process runs ${def.version})`,
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

  function restore(row: Selectable<WorkflowsTable>): { definition: WorkflowDefinition; actor: AnyActorRef } {
    const def = definition(row.kind);
    return { definition: def, actor: runActor(def, row.id, { snapshot: storedSnapshot(row, def) }) };
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

  function outboxMessages(
    workflowId: string,
    kind: string,
    seq: number,
    type: string,
    state: string,
    at: string,
    emitted: EmittedEvent[],
  ): OutboxMessage[] {
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

  // ---- outbox delivery: one run at a time per runtime; callers wait for a run that began after their commit.
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;

  function reportDeliveryError(error: unknown) {
    if (options.onDeliveryError) options.onDeliveryError(error);
    else console.error('kefu: outbox delivery failed:', messageOf(error));
  }

  async function deliverUntilEmpty() {
    // A short batch means nothing was left when it was claimed; rows committed since then have asked for a run.
    while ((await deliverBatch()) === outboxBatchSize) {
      // keep going while batches come back full
    }
  }

  function requestDelivery(): Promise<void> {
    if (!running) {
      running = deliverUntilEmpty()
        .catch(reportDeliveryError)
        .finally(() => {
          running = undefined;
        });
      return running;
    }
    queued ??= running.then(() => {
      queued = undefined;
      return requestDelivery();
    });
    return queued;
  }

  async function react(payload: WorkflowEmittedPayload) {
    const reaction = options.reactions?.[payload.event.type];
    if (!reaction) return;
    const row = await db
      .selectFrom('workflow_events')
      .selectAll()
      .where('workflow_id', '=', payload.workflowId)
      .where('seq', '=', payload.seq)
      .executeTakeFirst();
    if (!row) return;
    const workflow = await runtime.get(payload.workflowId);
    const source = { workflow, entry: toEntry(row, definitions.get(workflow.kind)) };
    for (const command of reaction(payload.event, source)) {
      try {
        if ('start' in command) await startWorkflow(command.start, command.input, { id: command.id }, false);
        else await sendEvent(db, command.send, command.event, command.idempotencyKey, false);
      } catch (error) {
        // Refusals are final (the command was already carried out, or no longer applies); anything else retries.
        if (!(error instanceof KefuError)) throw error;
        // The key was already used on that workflow by an earlier command of the same source: carried out.
        if (error instanceof IdempotencyKeyConflict) continue;
        if (options.onReactionError) options.onReactionError(error, command);
        else console.error('kefu: reaction failed:', error.message);
      }
    }
  }

  async function deliverBatch(): Promise<number> {
    // Claims and marks commit without waiting for the disk (synchronous_commit off for that transaction only):
    // losing one in a database crash only means delivering again, which at-least-once allows.
    const claimed = await sql<{
      id: string;
      workflow_id: string;
      seq: number;
      topic: string;
      payload: unknown;
    }>`
      with relaxed as (select set_config('synchronous_commit', 'off', true) as setting)
      update outbox set claimed_until = now() + interval '30 seconds', attempts = attempts + 1
      where exists (select 1 from relaxed) and id in (
        select id from outbox
        where delivered_at is null and (claimed_until is null or claimed_until < now())
        order by id limit ${outboxBatchSize}
        for update skip locked
      )
      returning id, workflow_id, seq, topic, payload`.execute(db);
    const rows = claimed.rows.sort((a, b) => Number(a.id) - Number(b.id));
    if (rows.length === 0) return 0;
    const delivered: string[] = [];
    for (const row of rows) {
      try {
        const sealed = row.payload as { event?: unknown };
        const payload = isCiphertext(sealed.event)
          ? { ...sealed, event: cipher.decrypt(sealed.event) }
          : sealed;
        await pubSub.publish(row.topic, payload);
        if (row.topic === workflowTopics.emitted) await react(payload as WorkflowEmittedPayload);
        delivered.push(String(row.id));
      } catch (error) {
        reportDeliveryError(error);
        await sql`update outbox set last_error = ${messageOf(error).slice(0, 500)},
          claimed_until = now() + interval '5 seconds' where id = ${String(row.id)}::bigint`.execute(db);
      }
    }
    if (delivered.length > 0) {
      await sql`with relaxed as (select set_config('synchronous_commit', 'off', true) as setting)
        update outbox set delivered_at = now(), claimed_until = null
        where exists (select 1 from relaxed) and id in (select jsonb_array_elements_text(${JSON.stringify(delivered)}::jsonb)::bigint)`.execute(
        db,
      );
    }
    return delivered.length;
  }

  async function afterCommit(result: SendResult, deliver: boolean) {
    notify(result);
    const delivery = requestDelivery();
    if (deliver && awaitDelivery) await delivery;
  }

  // ---- reads
  async function loadRow(executor: Kysely<Database>, workflowId: string) {
    const row = await executor
      .selectFrom('workflows')
      .selectAll()
      .where('id', '=', workflowId)
      .executeTakeFirst();
    if (!row) throw new WorkflowNotFound(workflowId);
    return row;
  }

  /** The workflow row and, in the same round trip, the log entry an idempotency key already names. */
  async function loadForSend(
    executor: Kysely<Database>,
    workflowId: string,
    key: string | undefined,
    lock = false,
  ) {
    const { rows } = await sql<
      Selectable<WorkflowsTable> & { duplicate: Selectable<WorkflowEventsTable> | null }
    >`
      select w.*, to_jsonb(e) as duplicate from workflows w
      left join workflow_events e on e.workflow_id = w.id and e.idempotency_key = ${key ?? null}::text
      where w.id = ${workflowId} ${lock ? sql`for update of w` : sql``}`.execute(executor);
    const found = rows[0];
    if (!found) throw new WorkflowNotFound(workflowId);
    const { duplicate: entryRow, ...row } = found;
    if (!entryRow) return { row, duplicate: undefined };
    const workflow = toRecord(row);
    const duplicate: SendResult = {
      workflow,
      entry: toEntry(entryRow, definitions.get(workflow.kind)),
      emitted: [],
      duplicate: true,
    };
    return { row, duplicate };
  }

  /**
   * A repeated idempotency key must name the same request: the same event type, sender and fields (only `at`
   * may differ: a retry is stamped anew). Another request under a used key is refused with
   * `IdempotencyKeyConflict`, never answered with the first request's result.
   */
  function sameRequest(duplicate: SendResult, rawEvent: unknown, key: string): SendResult {
    const first = duplicate.entry.event;
    const type = String((rawEvent as { type?: unknown } | null)?.type);
    const def = definitions.get(duplicate.workflow.kind);
    let again: Record<string, unknown> | undefined;
    try {
      again = (def ? parse(def.event, rawEvent, 'event') : rawEvent) as Record<string, unknown>;
    } catch {
      again = undefined;
    }
    const withoutTime = ({ at: _at, ...rest }: Record<string, unknown>) => canonicalJson(rest);
    if (!again || typeof again !== 'object' || withoutTime(first) !== withoutTime(again)) {
      throw new IdempotencyKeyConflict(duplicate.workflow.id, key, String(first.type), type);
    }
    return duplicate;
  }

  async function duplicateResult(
    executor: Kysely<Database>,
    workflowId: string,
    key: string,
  ): Promise<SendResult | undefined> {
    const row = await executor
      .selectFrom('workflow_events')
      .selectAll()
      .where('workflow_id', '=', workflowId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    if (!row) return undefined;
    const workflow = toRecord(await loadRow(executor, workflowId));
    return { workflow, entry: toEntry(row, definitions.get(workflow.kind)), emitted: [], duplicate: true };
  }

  // ---- writes
  async function startWorkflow(
    kind: string,
    rawInput: unknown,
    startOptions: StartOptions,
    deliver: boolean,
  ): Promise<SendResult> {
    const def = definition(kind);
    checkSize(rawInput, maxPayloadBytes, 'input');
    const input = parse(def.input, rawInput, 'input') as { at: string; by: EventActor };
    const existingResult = async (id: string): Promise<SendResult | undefined> => {
      const existing = await runtime.find(id);
      if (!existing) return undefined;
      const [entry] = await runtime.history(id);
      return { workflow: existing, entry: entry!, emitted: [], duplicate: true };
    };
    if (startOptions.id) {
      const existing = await existingResult(startOptions.id);
      if (existing) return existing;
    }
    const id = startOptions.id ?? newId();
    const actor = runActor(def, id, { input: def.machineInput(id, input) });
    const emitted: EmittedEvent[] = [];
    actor.on('*', (event: EmittedEvent) => emitted.push(event));
    const snapshot = actor.getSnapshot() as AnyMachineSnapshot;
    const persisted = actor.getPersistedSnapshot();
    actor.stop();
    const state = stateValueToString(snapshot.value);
    const event = { type: `${kind}.started`, ...input };
    const hash = eventHash(null, id, 1, event);
    const at = new Date(input.at).toISOString();
    const readModel = fullReadModel(def.project(snapshot));
    const written = await writeTransition(db, {
      workflowId: id,
      kind,
      machineId: def.machine.id,
      machineVersion: def.version,
      expectedVersion: undefined,
      seq: 1,
      state,
      fromState: null,
      snapshot: sealSnapshot(def, persisted),
      readModel,
      event: sealEvent(def, event),
      eventType: event.type,
      at,
      actor: input.by,
      idempotencyKey: null,
      previousHash: null,
      hash,
      timers: diffDeadlines({}, deadlinesOf(snapshot.context), newId),
      outbox: outboxMessages(id, kind, 1, event.type, state, at, emitted),
    });
    if (!written) {
      const existing = await existingResult(id);
      if (existing) return existing;
      throw new KefuError('WRITE_FAILED', `Workflow "${id}" could not be created`);
    }
    const result: SendResult = {
      workflow: {
        id,
        kind,
        machineId: def.machine.id,
        machineVersion: def.version,
        state,
        version: 1,
        context: snapshot.context as Record<string, unknown>,
        readModel,
        createdAt: at,
        updatedAt: at,
      },
      entry: {
        seq: 1,
        type: event.type,
        at,
        by: input.by,
        fromState: null,
        toState: state,
        event,
        idempotencyKey: null,
        previousHash: null,
        hash,
      },
      emitted,
      duplicate: false,
    };
    await afterCommit(result, deliver);
    return result;
  }

  /** One attempt: load (locking the row when `lock`), check, apply, write. Undefined when the version check failed. */
  async function attemptSend(
    executor: Kysely<Database>,
    workflowId: string,
    rawEvent: unknown,
    key: string | undefined,
    lock: boolean,
  ): Promise<SendResult | undefined> {
    const { row, duplicate } = await loadForSend(executor, workflowId, key, lock);
    if (duplicate) return sameRequest(duplicate, rawEvent, key!);
    const def = definition(row.kind);
    const type = (rawEvent as { type?: unknown } | null)?.type;
    const known = (def.machine as unknown as { events: string[] }).events;
    if (typeof type === 'string' && !known.includes('*') && !known.includes(type)) {
      throw new UnknownEventType(workflowId, type, [...known].sort());
    }
    const event = parse(def.event, rawEvent, 'event') as WorkflowEvent;
    const { actor } = restore(row);
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
    const emitted: EmittedEvent[] = [];
    actor.on('*', (emittedEvent: EmittedEvent) => emitted.push(emittedEvent));
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
    const readModel = fullReadModel(def.project(after));
    const written = await writeTransition(executor, {
      workflowId,
      kind: row.kind,
      machineId: def.machine.id,
      machineVersion: def.version,
      expectedVersion: row.version,
      seq,
      state: toState,
      fromState: row.state,
      snapshot: sealSnapshot(def, persisted),
      readModel,
      event: sealEvent(def, event),
      eventType: event.type,
      at,
      actor: event.by,
      idempotencyKey: key ?? null,
      previousHash: row.last_hash,
      hash,
      timers: diffDeadlines(deadlinesOf(before.context), deadlinesOf(after.context), newId),
      outbox: outboxMessages(workflowId, row.kind, seq, event.type, toState, at, emitted),
    });
    if (!written) return undefined;
    return {
      workflow: {
        id: workflowId,
        kind: row.kind,
        machineId: def.machine.id,
        machineVersion: def.version,
        state: toState,
        version: seq,
        context: after.context as Record<string, unknown>,
        readModel,
        createdAt: toIso(row.created_at)!,
        updatedAt: at,
      },
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
  }

  /**
   * One send, on `executor` (the database, or the scheduler's transaction `inTransaction`). The first attempt is
   * optimistic; after a lost version race the retry locks the row (`FOR UPDATE`), so writers racing for one
   * workflow queue in the database instead of retrying in a loop.
   */
  async function transition(
    executor: Kysely<Database>,
    workflowId: string,
    rawEvent: unknown,
    key: string | undefined,
    inTransaction = false,
  ): Promise<SendResult> {
    checkSize(rawEvent, maxPayloadBytes, 'event');
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const lock = attempt > 1;
      let result: SendResult | undefined;
      try {
        result =
          lock && !inTransaction
            ? await executor.transaction().execute((trx) => attemptSend(trx, workflowId, rawEvent, key, true))
            : await attemptSend(executor, workflowId, rawEvent, key, lock);
      } catch (error) {
        if (key && !inTransaction && isUniqueViolation(error)) {
          const duplicate = await duplicateResult(executor, workflowId, key);
          if (duplicate) return sameRequest(duplicate, rawEvent, key);
        }
        throw error;
      }
      if (result) return result;
      options.onConflict?.(workflowId, attempt);
    }
    throw new VersionConflict(workflowId, maxAttempts);
  }

  async function sendEvent(
    executor: Kysely<Database>,
    workflowId: string,
    rawEvent: unknown,
    key: string | undefined,
    deliver: boolean,
  ): Promise<SendResult> {
    const result = await transition(executor, workflowId, rawEvent, key);
    if (!result.duplicate) await afterCommit(result, deliver);
    return result;
  }

  const runtime: Runtime = {
    store,
    pubSub,
    definition,

    start(kind, rawInput, startOptions = {}) {
      return startWorkflow(kind, rawInput, startOptions, true);
    },

    send(workflowId, rawEvent, sendOptions = {}) {
      return sendEvent(db, workflowId, rawEvent, sendOptions.idempotencyKey, true);
    },

    async get(workflowId) {
      return toRecord(await loadRow(db, workflowId));
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
      const workflow = await loadRow(db, workflowId);
      const rows = await db
        .selectFrom('workflow_events')
        .selectAll()
        .where('workflow_id', '=', workflowId)
        .orderBy('seq')
        .execute();
      const def = definitions.get(workflow.kind);
      return rows.map((row) => toEntry(row, def));
    },

    recordFromRow(row) {
      return toRecord(row, true);
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
      return rows.map((row) => toRecord(row, true));
    },

    async acceptedEvents(workflowId) {
      const { actor } = restore(await loadRow(db, workflowId));
      const types = acceptedEventTypes(actor.getSnapshot() as AnyMachineSnapshot);
      actor.stop();
      return types;
    },

    async availableActions(workflowId, role) {
      const row = await loadRow(db, workflowId);
      const roles = definition(row.kind).eventRoles ?? {};
      return (await runtime.acceptedEvents(workflowId)).filter((type) => roles[type]?.includes(role));
    },

    onCommit(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async timers(workflowId) {
      await loadRow(db, workflowId);
      const rows = await db
        .selectFrom('timers')
        .selectAll()
        .where('workflow_id', '=', workflowId)
        .orderBy('due_at')
        .orderBy('created_at')
        .execute();
      return rows.map(toTimer);
    },

    async fireNextTimer(now) {
      return (await runtime.fireDueTimers(now, 1))[0];
    },

    async fireDueTimers(now, limit = 20) {
      const nowIso = now.toISOString();
      const handled = await db.transaction().execute(async (trx) => {
        const claimed = await sql<Selectable<TimersTable>>`
          update timers set fired_at = ${nowIso}::timestamptz
          where id in (
            select id from timers where fired_at is null and due_at <= ${nowIso}::timestamptz
            order by due_at, id limit ${limit}
            for update skip locked
          )
          returning *`.execute(trx);
        const timers = claimed.rows.map(toTimer).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
        const firings: Array<{ firing: TimerFiring; result: SendResult | undefined }> = [];
        for (const timer of timers) {
          const lateByMs = Math.max(0, now.getTime() - Date.parse(timer.dueAt));
          const event = {
            type: timer.event,
            deadline: timer.name,
            dueAt: timer.dueAt,
            timerId: timer.id,
            lateBy: lateByMs,
            at: nowIso,
            by: { userId: 'scheduler', role: 'system' },
          };
          let outcome: TimerFiring['outcome'] = 'fired';
          let reason: string | undefined;
          let result: SendResult | undefined;
          // Each timer in its own savepoint: one failing statement must not undo the others in the batch.
          await sql`savepoint kefu_timer`.execute(trx);
          try {
            result = await transition(trx, timer.workflowId, event, `timer:${timer.id}`, true);
            await sql`release savepoint kefu_timer`.execute(trx);
          } catch (error) {
            await sql`rollback to savepoint kefu_timer`.execute(trx);
            if (refusals.some((type) => error instanceof type)) outcome = 'ignored';
            else if (workflowFailures.some((type) => error instanceof type)) outcome = 'failed';
            else {
              // Not the workflow's fault (a lost race, the database): leave the timer due for the next run.
              await trx.updateTable('timers').set({ fired_at: null }).where('id', '=', timer.id).execute();
              console.error(`kefu: timer ${timer.id} will be retried:`, messageOf(error));
              continue;
            }
            reason = messageOf(error).slice(0, 1000);
          }
          const firedSeq = result?.entry.seq ?? null;
          await trx
            .updateTable('timers')
            .set({ outcome, reason: reason ?? null, late_by_ms: lateByMs, fired_seq: firedSeq })
            .where('id', '=', timer.id)
            .execute();
          firings.push({
            firing: {
              timer: { ...timer, firedAt: nowIso, outcome, reason: reason ?? null, lateByMs, firedSeq },
              outcome,
              lateByMs,
              ...(reason ? { reason } : {}),
            },
            result,
          });
        }
        return firings;
      });
      for (const { result } of handled) {
        if (result && !result.duplicate) await afterCommit(result, false);
      }
      return handled.map(({ firing }) => firing);
    },

    async deliverOutbox() {
      let handled = 0;
      for (let count = await deliverBatch(); count > 0; count = await deliverBatch()) handled += count;
      // Deliveries already under way (and what their reactions started) finish before this returns.
      await runtime.idle();
      return handled;
    },

    async verify(workflowId) {
      const row = await loadRow(db, workflowId);
      const def = definition(row.kind);
      const history = await runtime.history(workflowId);
      const problems: string[] = [];
      let previous: string | null = null;
      let hashChainIntact = true;
      for (const entry of history) {
        if (
          entry.previousHash !== previous ||
          entry.hash !== eventHash(previous, workflowId, entry.seq, entry.event)
        ) {
          hashChainIntact = false;
          problems.push(`log entry ${entry.seq} does not match its hash chain`);
          break;
        }
        previous = entry.hash;
      }
      if (history.at(-1)?.hash !== row.last_hash || history.length !== row.version) {
        hashChainIntact = false;
        problems.push(`the workflow row (version ${row.version}) does not point at the last log entry`);
      }
      let replayMatchesSnapshot = false;
      let stored: PersistedSnapshot | undefined;
      try {
        stored = storedSnapshot(row, def);
        const [first, ...rest] = history;
        const { type: _type, ...input } = first!.event;
        const actor = runActor(def, workflowId, { input: def.machineInput(workflowId, input) });
        for (const entry of rest) actor.send(entry.event as WorkflowEvent);
        const replayed = actor.getPersistedSnapshot();
        actor.stop();
        replayMatchesSnapshot = canonicalJson(JSON.parse(JSON.stringify(replayed))) === canonicalJson(stored);
        if (!replayMatchesSnapshot) problems.push('replaying the log does not give the stored snapshot');
      } catch (error) {
        problems.push(`replay failed: ${messageOf(error)}`);
      }
      const deadlines = deadlinesOf(stored?.context);
      const pending = (await runtime.timers(workflowId)).filter((timer) => timer.firedAt === null);
      const timersMatchDeadlines =
        pending.length === Object.keys(deadlines).length &&
        pending.every(
          (timer) =>
            deadlines[timer.name] !== undefined &&
            Date.parse(deadlines[timer.name]!.dueAt) === Date.parse(timer.dueAt) &&
            deadlines[timer.name]!.event === timer.event,
        );
      if (!timersMatchDeadlines) problems.push('pending timers differ from the deadlines in the snapshot');
      return {
        workflowId,
        events: history.length,
        hashChainIntact,
        replayMatchesSnapshot,
        timersMatchDeadlines,
        problems,
      };
    },

    async idle() {
      while (running || queued) await (queued ?? running);
    },
  };
  return runtime;
}

import { randomUUID } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import type { AnyMachineSnapshot } from 'xstate';
import { type Committer, type ConflictCause, createCommitter, loadRow } from './commit-transition.js';
import type { WorkflowsTable } from './database-schema.js';
import { definitionTables } from './definition-tables.js';
import { fireTimers, type TimerFiring } from './fire-timers.js';
import { migrate } from './migrations.js';
import type { Store } from './open-store.js';
import { createOutboxDelivery, type OutboxListener } from './outbox-delivery.js';
import { createReactionRunner, type Reaction, type WorkflowCommand } from './run-reactions.js';
import { UnknownWorkflowKind } from './runtime-errors.js';
import { createRuntimePubSub, type RuntimePubSub } from './runtime-pub-sub.js';
import { type SubjectKeys, subjectCiphertextMarker, withSubjectKeys } from './subject-keys.js';
import { acceptedEventTypes, restoreActor, type SendResult } from './transition.js';
import { type Verification, verifyWorkflow } from './verify-workflow.js';
import type { WorkflowDefinition } from './workflow-definition.js';
import {
  createWorkflowRows,
  type HistoryEntry,
  type TimerRecord,
  toTimer,
  type WorkflowRecord,
} from './workflow-rows.js';

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

export interface RuntimeOptions {
  store: Store;
  /** The definitions this runtime runs (e.g. `defaultWorkflows` from `@kefu/workflows`). */
  workflows: WorkflowDefinition<any, any>[];
  newId?: () => string;
  /**
   * Attempts on a version conflict before `VersionConflict` is thrown (default 10); a write PostgreSQL aborts to
   * break a deadlock (or a serialization failure) is planned and sent again within the same count.
   */
  maxAttempts?: number;
  /**
   * Called each time a write is tried again (for metrics and tests), with why: `'version'`, an optimistic version
   * check failed; `'aborted'`, the database aborted the write to break a deadlock or as a serialization failure.
   */
  onConflict?: (workflowId: string, attempt: number, cause: ConflictCause) => void;
  /** Reactions by emitted event type, carried out when the outbox row of what was emitted is delivered. */
  reactions?: Record<string, Reaction>;
  /** Called when a reaction's command fails (default: logged to stderr). The source transition stays committed. */
  onReactionError?: (error: unknown, command: WorkflowCommand) => void;
  /** Where the outbox publishes (default: in-process). Use `createRuntimePubSub({ redisUrl })` for Redis. */
  pubSub?: RuntimePubSub;
  /**
   * Wait for the outbox to be delivered before `start`/`send` return (default true). `false` returns right after
   * commit and delivers in the background (what an API wants: the caller has its write in the result); the rows
   * delivered are then deleted together, at most 50 ms later (one statement for many sends). Call `idle()` before
   * closing the store: rows delivered but not yet deleted when the process ends are delivered again (at least
   * once) after their 30-second claim.
   */
  awaitDelivery?: boolean;
  /**
   * Workflows whose last written row this process keeps, so a send needs no read (default 1,000; 0: none). A row
   * changed elsewhere since only costs the send a retry: the write checks the row's version and `xmin`.
   */
  cacheSize?: number;
  /** Called when delivering the outbox fails (default: logged to stderr without payloads); rows are retried. */
  onDeliveryError?: (error: unknown) => void;
  /** Largest serialized event or start input accepted, in bytes (default 64 KiB). */
  maxPayloadBytes?: number;
  /**
   * PostgreSQL: send each transition's statement as a named prepared statement, parsed and planned once per
   * connection and statement shape (default true). Turn it off behind a pooler that does not keep prepared
   * statements (PgBouncer in transaction mode before 1.21). PGlite ignores it.
   */
  preparedStatements?: boolean;
  /** Apply the definitions' `tables` before the first operation (default true). */
  migrate?: boolean;
  /** Per-subject keys for the personal data of definitions that name a `personalDataSubject` (crypto-shredding). */
  subjectKeys?: SubjectKeys;
}

export interface Runtime {
  readonly store: Store;
  /** Where the outbox publishes: hand `pubSub.eventTarget` to graphql-yoga's `createPubSub`. */
  readonly pubSub: RuntimePubSub;
  /** Resolves when the definitions' tables are in place (every operation waits for it; SQL of your own should too). */
  ready(): Promise<void>;
  definition(kind: string): WorkflowDefinition<any, any>;
  start(kind: string, input: unknown, options?: StartOptions): Promise<SendResult>;
  send(workflowId: string, event: unknown, options?: SendOptions): Promise<SendResult>;
  get(workflowId: string): Promise<WorkflowRecord>;
  find(workflowId: string): Promise<WorkflowRecord | undefined>;
  /**
   * The workflows with these ids in one select (`id in (...)`), mapped as `find` maps one: one entry per id, in the
   * order asked, undefined where no workflow has it (for a DataLoader that resolves a page's references at once).
   */
  findMany(workflowIds: readonly string[]): Promise<Array<WorkflowRecord | undefined>>;
  history(workflowId: string): Promise<HistoryEntry[]>;
  list(options?: ListOptions): Promise<WorkflowRecord[]>;
  /**
   * A `workflows` row selected by the caller, mapped and decrypted as `list` does (unreadable personal data stays
   * sealed). A snapshot selected as JSON text is parsed and opened when the record's `context` is first read, once.
   */
  recordFromRow(row: Selectable<WorkflowsTable>): WorkflowRecord;
  /** Events the workflow's current state handles (guards aside). */
  acceptedEvents(workflowId: string): Promise<string[]>;
  /** Events the current state handles that `role` may send (by the definition's `eventRoles`). */
  availableActions(workflowId: string, role: string): Promise<string[]>;
  /** Called after each commit, in process. Returns an unsubscribe function. */
  onCommit(listener: CommitListener): () => void;
  /**
   * Awaited for every outbox row as it is delivered (after publishing and reactions), at least once: a throw
   * leaves the row for a retry. For consumers that must not miss what happened (notifications). Returns an
   * unsubscribe function.
   */
  onOutboxDelivered(listener: OutboxListener): () => void;
  /** The workflow's timer rows, pending and fired, by due time. */
  timers(workflowId: string): Promise<TimerRecord[]>;
  /** Fires the earliest timer due at `now`; undefined when nothing is due. */
  fireNextTimer(now: Date): Promise<TimerFiring | undefined>;
  /**
   * Fires up to `limit` due timers (default 20), each in its own transaction (see `fireTimers`), read against one
   * clock, `now`; a timer failing for a reason other than its workflow is rolled back and stays due. On PostgreSQL
   * up to 4 fire at once, each on its own connection (a workflow's own timers one at a time); on PGlite, one.
   * Returns the firings in due order.
   */
  fireDueTimers(now: Date, limit?: number): Promise<TimerFiring[]>;
  /** Delivers pending outbox rows (publish, then reactions) and waits for deliveries under way; returns the count. */
  deliverOutbox(): Promise<number>;
  /** Checks the hash chain, replays the log through the machine and compares timers with deadlines. */
  verify(workflowId: string): Promise<Verification>;
  /** Resolves when no outbox delivery is in flight and the rows delivered are deleted. */
  idle(): Promise<void>;
  /**
   * Writes this runtime tried again since it was created, by cause (see `onConflict`): a rising `aborted` count
   * means writers contend for the same rows and PostgreSQL breaks deadlocks between them.
   */
  writeRetries(): Record<ConflictCause, number>;
}

const columnName = /^[a-z_][a-z0-9_]*$/;
/** With `awaitDelivery: false`, how long delivered outbox rows may wait to be deleted together. */
const outboxDeleteDelayMs = 50;

/** The definitions by kind, their columns checked, and every table migration they bring (each id once). */
function register(workflows: WorkflowDefinition[]) {
  const definitions = new Map<string, WorkflowDefinition>();
  for (const definition of workflows) {
    for (const { column } of Object.values(definition.columns ?? {})) {
      if (!columnName.test(column))
        throw new TypeError(`${definition.kind}: "${column}" is not a column name`);
    }
    definitions.set(definition.kind, definition);
  }
  return { definitions, tables: definitionTables(workflows) };
}

/**
 * The durable runtime over a store, for the definitions it is given: restore → can → send → persist, each
 * transition in one SQL statement (snapshot with version check, hash-chained log entry, timers, outbox, the
 * definition's read-model columns); the outbox is delivered after commit.
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  const { store } = options;
  const { db } = store;
  // Firings at once on PostgreSQL: a burst of missed deadlines after an outage clears faster, a firing waiting for
  // a lock holds up no other, and a pool of 10 keeps 6 connections for clients meanwhile. PGlite has one
  // connection: they would only queue.
  const timerConcurrency = store.engine === 'postgres' ? 4 : 1;
  const cipher = withSubjectKeys(store.cipher, options.subjectKeys);
  const { definitions, tables } = register(options.workflows);
  const schema = options.migrate === false ? Promise.resolve() : migrate(db, tables).then(() => undefined);
  schema.catch(() => undefined); // reported by the first operation that waits for it
  const listeners = new Set<CommitListener>();
  const rows = createWorkflowRows(cipher, definitions, options.subjectKeys);
  const definition = (kind: string): WorkflowDefinition => {
    const found = definitions.get(kind);
    if (!found) throw new UnknownWorkflowKind(kind, [...definitions.keys()]);
    return found;
  };
  const retries: Record<ConflictCause, number> = { version: 0, aborted: 0 };
  const committer: Committer = createCommitter({
    db,
    rows,
    cipher,
    definition,
    newId: options.newId ?? randomUUID,
    maxAttempts: options.maxAttempts ?? 10,
    maxPayloadBytes: options.maxPayloadBytes ?? 64 * 1024,
    onConflict: (workflowId, attempt, cause) => {
      retries[cause]++;
      options.onConflict?.(workflowId, attempt, cause);
    },
    cacheSize: options.cacheSize ?? 1000,
    onOutboxLeased: (leased) => outbox.enqueue(leased),
    preparedStatements: store.engine === 'postgres' && options.preparedStatements !== false,
  });
  const react = createReactionRunner({
    db,
    rows,
    reactions: options.reactions ?? {},
    get: (id) => runtime.get(id),
    execute: (command) =>
      'start' in command
        ? committed(committer.start(command.start, command.input, command.id), false)
        : committed(committer.send(db, command.send, command.event, command.idempotencyKey), false),
    onError: options.onReactionError,
  });
  const pubSub = options.pubSub ?? createRuntimePubSub();
  const deliveredListeners = new Set<OutboxListener>();
  const outbox = createOutboxDelivery({
    db,
    cipher,
    pubSub,
    delivered: deliveredListeners,
    onEmitted: react,
    onError: options.onDeliveryError,
    // Nobody waits for a background delivery, so neither for its clean-up: one delete per interval, not per send.
    deleteDelayMs: options.awaitDelivery === false ? outboxDeleteDelayMs : 0,
  });

  /**
   * After a commit: tell the listeners, then deliver the outbox (waiting for it when the caller asked to). Rows
   * written in a transaction (`claim`) are not in memory: the run claims them from the table.
   */
  async function committed(pending: Promise<SendResult>, wait: boolean, claim = false): Promise<SendResult> {
    await schema;
    const result = await pending;
    if (result.duplicate) return result;
    for (const listener of listeners) {
      try {
        listener(result);
      } catch {
        // A listener's failure must not undo or fail a committed transition.
      }
    }
    const delivery = outbox.request({ claim });
    if (wait && options.awaitDelivery !== false) await delivery;
    return result;
  }

  const runtime: Runtime = {
    store,
    pubSub,
    ready: () => schema,
    definition,
    start: (kind, input, { id } = {}) => schema.then(() => committed(committer.start(kind, input, id), true)),
    send: (id, event, { idempotencyKey } = {}) =>
      schema.then(() => committed(committer.send(db, id, event, idempotencyKey), true)),
    get: async (id) => rows.toRecord(await schema.then(() => loadRow(db, id))),
    async find(id) {
      await schema;
      const row = await db.selectFrom('workflows').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rows.toRecord(row) : undefined;
    },
    async findMany(ids) {
      await schema;
      if (ids.length === 0) return [];
      const found = await db
        .selectFrom('workflows')
        .selectAll()
        .where('id', 'in', [...new Set(ids)])
        .execute();
      const byId = new Map(found.map((row) => [row.id, rows.toRecord(row)]));
      return ids.map((id) => byId.get(id));
    },
    async history(id) {
      const row = await schema.then(() => loadRow(db, id));
      const entries = await db
        .selectFrom('workflow_events')
        .selectAll()
        .where('workflow_id', '=', id)
        .orderBy('seq')
        .execute();
      return entries.map((entry) => rows.toEntry(entry, row.kind));
    },
    recordFromRow: (row) => rows.toRecord(row, true),
    async list({ kind, state, limit, offset } = {}) {
      await schema;
      let query = db.selectFrom('workflows').selectAll();
      if (kind) query = query.where('kind', '=', kind);
      if (state) query = query.where('state', '=', state);
      const found = await query
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(Math.min(limit ?? 50, 500))
        .offset(offset ?? 0)
        .execute();
      return found.map((row) => rows.toRecord(row, true));
    },
    async acceptedEvents(id) {
      const row = await schema.then(() => loadRow(db, id));
      const actor = restoreActor(rows, row, definition(row.kind));
      const types = acceptedEventTypes(actor.getSnapshot() as AnyMachineSnapshot);
      actor.stop();
      return types;
    },
    async availableActions(id, role) {
      const row = await schema.then(() => loadRow(db, id));
      const roles = definition(row.kind).eventRoles ?? {};
      return (await runtime.acceptedEvents(id)).filter((type) => roles[type]?.includes(role));
    },
    onCommit(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onOutboxDelivered(listener) {
      deliveredListeners.add(listener);
      return () => deliveredListeners.delete(listener);
    },
    async timers(id) {
      await schema.then(() => loadRow(db, id));
      const found = await db
        .selectFrom('timers')
        .selectAll()
        .where('workflow_id', '=', id)
        .orderBy('due_at')
        .orderBy('created_at')
        .execute();
      return found.map(toTimer);
    },
    fireNextTimer: async (now) => (await runtime.fireDueTimers(now, 1))[0],
    async fireDueTimers(now, limit = 20) {
      await schema;
      const send = (trx: typeof db, id: string, event: unknown, key: string) =>
        committer.send(trx, id, event, key, true);
      const handled = await fireTimers(db, send, now, limit, timerConcurrency);
      for (const { result } of handled) if (result) await committed(Promise.resolve(result), false, true);
      return handled.map(({ firing }) => firing);
    },
    deliverOutbox: () => schema.then(() => outbox.deliverAll()),
    async verify(id) {
      const row = await schema.then(() => loadRow(db, id));
      const [history, timers] = [await runtime.history(id), await runtime.timers(id)];
      const subjectSealed = await sql<{ seq: number; event: unknown }>`select seq, event from workflow_events
        where workflow_id = ${id} and event::text like ${`%${subjectCiphertextMarker}%`}`.execute(db);
      const hashForms = new Map(
        subjectSealed.rows.map((entry) => [entry.seq, rows.hashForm(definition(row.kind), entry.event)]),
      );
      return verifyWorkflow(rows, row, definition(row.kind), history, timers, hashForms);
    },
    idle: () => outbox.idle(),
    writeRetries: () => ({ ...retries }),
  };
  return runtime;
}

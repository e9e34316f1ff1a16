import type { Selectable } from 'kysely';
import { type DataCipher, DataKeyError, openPaths, type PathSealer, sealPaths } from './data-cipher.js';
import type { TimersTable, WorkflowEventsTable, WorkflowsTable } from './database-schema.js';
import { freezeAsParsed } from './freeze-as-parsed.js';
import {
  isSubjectCiphertext,
  keyIdOfCiphertext,
  type SubjectKeys,
  subjectCipher,
  valueAtPath,
} from './subject-keys.js';
import type { ReadModel, WorkflowDefinition } from './workflow-definition.js';

/** Who sent an event, as every event carries it. */
export interface EventActor {
  userId: string;
  role: string;
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
  /** The definition's read-model fields (those its `columns` keep), timestamps as ISO strings. */
  readModel: ReadModel;
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

/** One read-model value as the transition's statement writes it. */
export interface ColumnValue {
  column: string;
  type: string;
  value: unknown;
}

/** A timestamp column's value (a `Date`, or text from a JSON or raw query) as an ISO string; null stays null. */
export function toIso(value: Date | string): string;
export function toIso(value: Date | string | null): string | null;
export function toIso(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function toTimer(row: Selectable<TimersTable>): TimerRecord {
  return {
    id: row.id,
    workflowId: row.workflow_id,
    name: row.name,
    event: row.event,
    dueAt: toIso(row.due_at),
    firedAt: toIso(row.fired_at),
    outcome: row.outcome as TimerRecord['outcome'],
    reason: row.reason,
    lateByMs: row.late_by_ms === null ? null : Number(row.late_by_ms),
    firedSeq: row.fired_seq,
  };
}

function normalise(value: unknown, type: string): unknown {
  if (value === undefined || value === null) return null;
  if (type === 'timestamptz') return toIso(value as Date | string);
  return value;
}

/** The read model a definition projects from a snapshot, limited to its columns (missing fields are null). */
export function projectReadModel(definition: WorkflowDefinition, snapshot: unknown): ReadModel {
  const projected = definition.project?.(snapshot as never) ?? {};
  const model: ReadModel = {};
  for (const [field, { type }] of Object.entries(definition.columns ?? {})) {
    model[field] = normalise(projected[field], type);
  }
  return model;
}

/** The values a read model writes to its definition's columns (not the ones the database generates). */
export function columnValues(definition: WorkflowDefinition, model: ReadModel): ColumnValue[] {
  return Object.entries(definition.columns ?? {})
    .filter(([, { generated }]) => !generated)
    .map(([field, { column, type }]) => ({ column, type, value: model[field] ?? null }));
}

/** The database-generated read-model fields of a stored row, which a transition carries over unchanged. */
export function generatedFields(definition: WorkflowDefinition, row: object): ReadModel {
  const kept: ReadModel = {};
  const columns = row as Record<string, unknown>;
  for (const [field, { column, type, generated }] of Object.entries(definition.columns ?? {})) {
    if (generated) kept[field] = normalise(columns[column], type);
  }
  return kept;
}

/**
 * A snapshot as written: its JSON text, and `value`, what the row kept in process holds in its place. For an object
 * snapshot `value` is a stand-in that `openSnapshot` and the next `sealSnapshot` recognise: they take the text and
 * the plaintexts this process remembers for it, so nothing is parsed until the next send on that row opens it.
 */
export interface SealedSnapshot {
  value: unknown;
  text: string;
}

/**
 * `value` with every object on each dotted path (the root, and each step before the last) copied shallowly, the
 * rest shared: a path's value can then be replaced in the copy without changing `value`.
 */
function copiedAlong(value: object, paths: readonly string[]): object {
  const copy = (node: object) => (Array.isArray(node) ? [...node] : { ...node });
  const root = copy(value) as Record<string, unknown>;
  const copies = new Set<unknown>([root]);
  for (const path of paths) {
    const parts = path.split('.');
    let node = root;
    for (let index = 0; index < parts.length - 1; index++) {
      const child = node[parts[index]!];
      if (child === null || typeof child !== 'object') break;
      if (!copies.has(child)) {
        const copied = copy(child);
        copies.add(copied);
        node[parts[index]!] = copied;
        node = copied as Record<string, unknown>;
      } else {
        node = child as Record<string, unknown>;
      }
    }
  }
  return root;
}

/** Whether two JSON values are the same (both come from JSON, so their serialisations compare). */
function sameJson(a: unknown, b: unknown): boolean {
  return (
    a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b))
  );
}

/** Turns `workflows` and `workflow_events` rows into records, sealing and opening personal data with `cipher`. */
export function createWorkflowRows(
  cipher: DataCipher,
  definitions: ReadonlyMap<string, WorkflowDefinition>,
  subjectKeys?: SubjectKeys,
) {
  const personalPaths = (definition: WorkflowDefinition | undefined) => definition?.personalData ?? [];
  const contextPaths = (definition: WorkflowDefinition | undefined) =>
    personalPaths(definition).map((path) => `context.${path}`);
  /** The cipher sealing the personal data of the subject a snapshot names (the store's key without one). */
  const sealingCipher = (definition: WorkflowDefinition, snapshot: unknown) =>
    definition.personalDataSubject
      ? subjectCipher(cipher, subjectKeys, valueAtPath(snapshot, `context.${definition.personalDataSubject}`))
      : cipher;
  /** Opens store-key ciphertexts only: what an event's hash covers when subject keys seal its personal data. */
  const storeKeyOnly: DataCipher = {
    ...cipher,
    decrypt: (ciphertext) => (isSubjectCiphertext(ciphertext) ? ciphertext : cipher.decrypt(ciphertext)),
  };
  /**
   * What this process knows of the snapshots it sealed, by their stand-in (the cached row's snapshot): the text it
   * wrote, the plaintext behind each ciphertext, each path's ciphertext, and the snapshot itself as it was planned
   * (`opened`, frozen; only when it is plain JSON with no child actors), so the next send on that row neither parses,
   * decrypts nor encrypts again what did not change. Tied to the stand-in: a row read from the database has none.
   */
  const sealedHere = new WeakMap<
    object,
    { text: string; plain: Map<string, unknown>; byPath: Map<string, string>; opened: object | undefined }
  >();
  /** Whether `ciphertext`'s key can still be read here: a destroyed subject key (erasure) cannot. */
  const readable = (ciphertext: string) => {
    const keyId = keyIdOfCiphertext(ciphertext);
    return isSubjectCiphertext(ciphertext)
      ? subjectKeys?.cipherOf(keyId) !== undefined
      : cipher.keyIds.includes(keyId);
  };
  /** `cipher`, answering from `known` the ciphertexts whose key is still readable (a copy of the plaintext). */
  const remembering = (known: Map<string, unknown>): DataCipher => ({
    ...cipher,
    decrypt: (ciphertext) => {
      if (!known.has(ciphertext) || !readable(ciphertext)) return cipher.decrypt(ciphertext);
      const plain = known.get(ciphertext);
      return plain !== null && typeof plain === 'object' ? structuredClone(plain) : plain;
    },
  });

  return {
    /**
     * The snapshot as stored, its personal data sealed with the key of the subject it names. A path whose
     * plaintext is what `previous` (the snapshot this one follows, as this process sealed it) held keeps that
     * ciphertext when the sealing key is the same one; any other path is encrypted anew.
     */
    sealSnapshot(definition: WorkflowDefinition, snapshot: unknown, previous?: unknown): SealedSnapshot {
      if (snapshot === null || typeof snapshot !== 'object') {
        const json = JSON.stringify(snapshot);
        return { value: json === undefined ? undefined : JSON.parse(json), text: json };
      }
      const paths = contextPaths(definition);
      const sealing = paths.length > 0 ? sealingCipher(definition, snapshot) : cipher;
      const known = previous !== null && typeof previous === 'object' ? sealedHere.get(previous) : undefined;
      const plain = new Map<string, unknown>();
      const byPath = new Map<string, string>();
      // By path: the ciphertext the same path held in `previous`, when it sealed this plaintext with this key.
      const reusing: PathSealer = (leaf, path) => {
        // As JSON keeps it (a plaintext object may hold what JSON drops or turns into text).
        const current = typeof leaf === 'object' ? JSON.parse(JSON.stringify(leaf)) : leaf;
        const before = known?.byPath.get(path);
        const reuse =
          before !== undefined &&
          keyIdOfCiphertext(before) === sealing.keyId &&
          known!.plain.has(before) &&
          sameJson(known!.plain.get(before), current);
        const sealed = reuse ? before : sealing.encrypt(current);
        plain.set(sealed, current);
        byPath.set(path, sealed);
        return sealed;
      };
      // Sealed in a copy of only the objects on the paths (the rest is shared and left alone), serialized once.
      const text = JSON.stringify(
        paths.length === 0
          ? snapshot
          : sealPaths(copiedAlong(snapshot, paths), paths, reusing, { inPlace: true }),
      );
      // Kept as it is (no copy) when it can stand in for its text: frozen, so nothing changes it meanwhile.
      const children = (snapshot as { children?: object }).children;
      const opened =
        (children === undefined || Object.keys(children).length === 0) && freezeAsParsed(snapshot)
          ? snapshot
          : undefined;
      const value = Object.freeze({});
      sealedHere.set(value, { text, plain, byPath, opened });
      return { value, text };
    },

    /** The event as stored, sealed with the key of the subject `snapshot` names (the snapshot after it). */
    sealEvent(definition: WorkflowDefinition, event: unknown, snapshot?: unknown): string {
      return JSON.stringify(sealPaths(event, personalPaths(definition), sealingCipher(definition, snapshot)));
    },

    /**
     * What a log entry's hash covers: the event, with personal data sealed by a subject key kept as its
     * ciphertext, so the chain still verifies once that key is destroyed.
     */
    hashForm(definition: WorkflowDefinition, storedEvent: unknown): unknown {
      return openPaths(storedEvent, personalPaths(definition), storeKeyOnly);
    },

    /**
     * The stored snapshot with its personal data opened. A snapshot this process sealed (the stand-in
     * `sealSnapshot` returned) is the one it planned, frozen, while every key that sealed it can still be read;
     * otherwise it is parsed from the text it wrote and opened from the plaintexts it remembers, but a ciphertext
     * whose key is gone since (erasure) stays sealed. A snapshot read from the database is a copy the caller may
     * change.
     */
    openSnapshot(row: Selectable<WorkflowsTable>, definition: WorkflowDefinition): unknown {
      const stored: unknown = row.snapshot;
      const sealed = stored !== null && typeof stored === 'object' ? sealedHere.get(stored) : undefined;
      if (!sealed) return openPaths(stored, contextPaths(definition), cipher);
      if (sealed.opened !== undefined && [...sealed.byPath.values()].every(readable)) return sealed.opened;
      return openPaths(JSON.parse(sealed.text), contextPaths(definition), remembering(sealed.plain), {
        inPlace: true,
      });
    },

    /**
     * `tolerant` (lists): a row whose personal data this key cannot read keeps its ciphertexts instead of failing.
     * A snapshot selected as JSON text (`snapshot::text`) is parsed and opened when `context` is first read, once,
     * and kept on the record: a page whose fields all come from read-model columns decrypts nothing.
     */
    toRecord(row: Selectable<WorkflowsTable>, tolerant = false): WorkflowRecord {
      const definition = definitions.get(row.kind);
      const contextOf = (stored: unknown): Record<string, unknown> => {
        let snapshot: { context?: Record<string, unknown> };
        try {
          snapshot = openPaths(stored, contextPaths(definition), cipher) as typeof snapshot;
        } catch (error) {
          if (!tolerant || !(error instanceof DataKeyError)) throw error;
          snapshot = stored as typeof snapshot;
        }
        return snapshot.context ?? {};
      };
      const readModel: ReadModel = {};
      const columns = row as unknown as Record<string, unknown>;
      for (const [field, { column, type }] of Object.entries(definition?.columns ?? {})) {
        readModel[field] = normalise(columns[column], type);
      }
      const record: WorkflowRecord = {
        id: row.id,
        kind: row.kind,
        machineId: row.machine_id,
        machineVersion: row.machine_version,
        state: row.state,
        version: row.version,
        context: {},
        readModel,
        createdAt: toIso(row.created_at),
        updatedAt: toIso(row.updated_at),
      };
      const text = row.snapshot;
      if (typeof text !== 'string') {
        record.context = contextOf(text);
        return record;
      }
      return Object.defineProperty(record, 'context', {
        enumerable: true,
        configurable: true,
        get: () => {
          const context = contextOf(JSON.parse(text));
          Object.defineProperty(record, 'context', { value: context, enumerable: true, writable: true });
          return context;
        },
      });
    },

    toEntry(row: Selectable<WorkflowEventsTable>, kind: string): HistoryEntry {
      return {
        seq: row.seq,
        type: row.type,
        at: toIso(row.at),
        by: row.actor_id ? { userId: row.actor_id, role: row.actor_role ?? '' } : null,
        fromState: row.from_state,
        toState: row.to_state,
        event: openPaths(row.event, personalPaths(definitions.get(kind)), cipher) as Record<string, unknown>,
        idempotencyKey: row.idempotency_key,
        previousHash: row.previous_hash,
        hash: row.hash,
      };
    },
  };
}

export type WorkflowRows = ReturnType<typeof createWorkflowRows>;

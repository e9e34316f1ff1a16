import { sql } from 'kysely';
import { openPaths, sealPaths } from './data-cipher.js';
import type { Store } from './open-store.js';
import { subjectKeyPrefix, withSubjectKeys } from './subject-keys.js';
import type { WorkflowDefinition } from './workflow-definition.js';

export interface ReencryptResult {
  /** Snapshots and log entries rewritten under the current key. */
  snapshots: number;
  events: number;
}

const marker = 'kefu-enc:v1:';

/** True when the JSON text holds a ciphertext written with a key other than `keyId`. */
function hasOtherKey(text: string, keyId: string): boolean {
  for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + marker.length)) {
    // Subject keys are not the store's: their ciphertexts stay as they are (the subject key is re-wrapped instead).
    if (text.startsWith(`${marker}${subjectKeyPrefix}`, at)) continue;
    if (!text.startsWith(`${marker}${keyId}:`, at)) return true;
  }
  return false;
}

/**
 * After a key rotation (`KEFU_DATA_KEY=<new>,<old>`): rewrites every snapshot and log entry whose personal data
 * is under an older key with the current one, so the old key can then be removed. Log hashes cover the
 * plaintext, so the hash chain is unchanged. Safe to run while the server runs and to run again.
 */
export async function reencryptPersonalData(options: {
  store: Store;
  workflows: WorkflowDefinition<any, any>[];
}): Promise<ReencryptResult> {
  const { store } = options;
  const { db } = store;
  // Subject-key ciphertexts are left as they are: opening gives them back sealed, sealing skips them.
  const cipher = withSubjectKeys(store.cipher, undefined);
  const paths = new Map(
    options.workflows.map((definition) => [definition.kind, definition.personalData ?? []]),
  );
  const result: ReencryptResult = { snapshots: 0, events: 0 };
  const like = `%${marker}%`;

  const workflows = await sql<{ id: string; kind: string; version: number; snapshot: string }>`
    select id, kind, version, snapshot::text as snapshot from workflows where snapshot::text like ${like}`.execute(
    db,
  );
  for (const row of workflows.rows) {
    if (!hasOtherKey(row.snapshot, cipher.keyId)) continue;
    const contextPaths = (paths.get(row.kind) ?? []).map((path) => `context.${path}`);
    const fresh = sealPaths(openPaths(JSON.parse(row.snapshot), contextPaths, cipher), contextPaths, cipher);
    // A concurrent transition rewrites the snapshot under the current key anyway: skip the row then.
    const updated = await sql`update workflows set snapshot = ${JSON.stringify(fresh)}::jsonb
      where id = ${row.id} and version = ${row.version}`.execute(db);
    if (Number(updated.numAffectedRows ?? 0) > 0) result.snapshots++;
  }

  const events = await sql<{ workflow_id: string; seq: number; kind: string; event: string }>`
    select e.workflow_id, e.seq, w.kind, e.event::text as event from workflow_events e
    join workflows w on w.id = e.workflow_id where e.event::text like ${like}`.execute(db);
  for (const row of events.rows) {
    if (!hasOtherKey(row.event, cipher.keyId)) continue;
    const eventPaths = paths.get(row.kind) ?? [];
    const fresh = sealPaths(openPaths(JSON.parse(row.event), eventPaths, cipher), eventPaths, cipher);
    await sql`update workflow_events set event = ${JSON.stringify(fresh)}::jsonb
      where workflow_id = ${row.workflow_id} and seq = ${row.seq}`.execute(db);
    result.events++;
  }
  return result;
}

import type { Selectable } from 'kysely';
import { maskSealedPaths } from './data-cipher.js';
import type { WorkflowsTable } from './database-schema.js';
import { canonicalJson, eventHash } from './event-hash.js';
import { runActor, storedSnapshot, type WorkflowEvent } from './transition.js';
import type { PersistedSnapshot, WorkflowDefinition } from './workflow-definition.js';
import type { HistoryEntry, TimerRecord, WorkflowRows } from './workflow-rows.js';
import { deadlinesOf } from './write-transition.js';

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

/** Checks the hash chain, replays the log through the machine and compares pending timers with the deadlines. */
export function verifyWorkflow(
  rows: WorkflowRows,
  row: Selectable<WorkflowsTable>,
  definition: WorkflowDefinition,
  history: HistoryEntry[],
  timers: TimerRecord[],
  /** What each entry's hash covers when it differs from `entry.event` (personal data sealed by a subject key). */
  hashForms: ReadonlyMap<number, unknown> = new Map(),
): Verification {
  const workflowId = row.id;
  const problems: string[] = [];
  let previous: string | null = null;
  let hashChainIntact = true;
  for (const entry of history) {
    if (
      entry.previousHash !== previous ||
      entry.hash !== eventHash(previous, workflowId, entry.seq, hashForms.get(entry.seq) ?? entry.event)
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
    stored = storedSnapshot(rows, row, definition);
    const [first, ...rest] = history;
    const { type: _type, ...input } = first!.event;
    const actor = runActor(definition, workflowId, { input: definition.machineInput(workflowId, input) });
    for (const entry of rest) actor.send(entry.event as WorkflowEvent);
    const replayed = actor.getPersistedSnapshot();
    actor.stop();
    // Personal data whose subject key was destroyed stays sealed on both sides, each sealed apart: compare without it.
    const personal = (definition.personalData ?? []).map((path) => `context.${path}`);
    replayMatchesSnapshot =
      canonicalJson(maskSealedPaths(JSON.parse(JSON.stringify(replayed)), personal)) ===
      canonicalJson(maskSealedPaths(stored, personal));
    if (!replayMatchesSnapshot) problems.push('replaying the log does not give the stored snapshot');
  } catch (error) {
    problems.push(`replay failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const deadlines = deadlinesOf(stored?.context);
  const pending = timers.filter((timer) => timer.firedAt === null);
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
}

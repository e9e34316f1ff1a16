import type { Runtime } from '@kefu/runtime';
import type { LiveEvents } from './live-events.js';

/**
 * How far behind a change the server's cached reads may be, in milliseconds: the dashboard cache recomputes a
 * board changed since it was computed once it is this old, the whole-response cache keeps a response no longer
 * than this, and never past the moment a stale board it was built from stops being served. One figure for both
 * caches: a read reflects every change reported at least this long before it. See docs/api.md "Cached responses".
 */
export const stalenessBoundMs = 2_000;

/** One change to a workflow: its id and the log sequence number of the event that made it. */
export interface WorkflowChange {
  workflowId: string;
  seq: number;
}

export type ChangeListener = (change: WorkflowChange) => void;

/**
 * Every change the server's caches must hear of, each once: this process's commits as they happen
 * (`runtime.onCommit`, before a mutation's response returns) and `workflow.changed` events from the pub/sub (the
 * runtime's outbox; Redis carries other processes' commits). A change is known by its workflow and sequence
 * number, so this process's commit that comes back through the pub/sub, or a message delivered twice (delivery is
 * at least once), is not reported again.
 */
export interface ChangeFeed {
  /** Calls `listener` once per change, synchronously as it is heard. Returns the unsubscribe function. */
  subscribe(listener: ChangeListener): () => void;
  /** Changes reported so far (for tests and metrics). */
  readonly changes: number;
  /** Stops listening to the runtime and the pub/sub. */
  close(): void;
}

export interface ChangeFeedSources {
  /** This process's commits. */
  runtime: Pick<Runtime, 'onCommit'>;
  /** Where `workflow.changed` events arrive (the server's live events over the runtime's pub/sub). */
  live: Pick<LiveEvents, 'subscribe'>;
  /** Changes remembered to recognise one heard twice (default 10,000; the oldest are forgotten first). */
  remember?: number;
}

/** Listens once to the runtime's commits and the pub/sub's change events, and reports each change once. */
export function createChangeFeed(sources: ChangeFeedSources): ChangeFeed {
  const remember = sources.remember ?? 10_000;
  const listeners = new Set<ChangeListener>();
  /** Changes already reported, oldest first. */
  const heard = new Set<string>();
  let changes = 0;

  const hear = (change: WorkflowChange) => {
    const key = `${change.workflowId}\u0000${change.seq}`;
    if (heard.has(key)) return;
    heard.add(key);
    if (heard.size > remember) heard.delete(heard.values().next().value as string);
    changes += 1;
    for (const listener of listeners) {
      try {
        listener(change);
      } catch {
        // One listener's failure must not keep the change from the others.
      }
    }
  };

  const stopCommits = sources.runtime.onCommit((result) => {
    if (!result.duplicate) hear({ workflowId: result.workflow.id, seq: result.entry.seq });
  });
  const events = sources.live.subscribe('workflow.changed');
  void (async () => {
    for await (const event of events) hear({ workflowId: event.workflowId, seq: event.seq });
  })();

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get changes() {
      return changes;
    },
    close() {
      stopCommits();
      void events.return?.();
    },
  };
}

import type { Runtime, WorkflowChangedPayload, WorkflowEmittedPayload } from '@kefu/runtime';
import { createPubSub, type PubSub } from 'graphql-yoga';

/** The runtime's outbox topics: `workflow.changed` (one per transition) and `workflow.emitted` (one per emitted event). */
export type { WorkflowChangedPayload, WorkflowEmittedPayload } from '@kefu/runtime';

/** `grade.recorded`: a trainee's answer or attempt was graded. */
export interface GradeRecordedPayload {
  attemptId: string;
  trainee: string;
  quizId: string;
  itemId: string | null;
  score: number;
  passed: boolean;
  at: string;
}

export type LiveTopics = {
  'workflow.changed': [WorkflowChangedPayload];
  'workflow.emitted': [WorkflowEmittedPayload];
  'grade.recorded': [GradeRecordedPayload];
  /** A customer warning was raised (stored for the first time). */
  'warning.raised': [WarningRaisedPayload];
  /** An in-app notification reached a user's inbox (`@kefu/notify-store`'s `inboxTopic`). */
  'notify.inbox': [{ userId: string; id: string }];
};

/** `warning.raised`: the warning's id and customer; subscribers read it back from the store. */
export interface WarningRaisedPayload {
  warningId: string;
  customerId: string;
  at: string;
}

export type LiveEvents = PubSub<LiveTopics>;

export interface LiveEventsOptions {
  /**
   * Where messages travel: an in-process `EventTarget` by default; pass the runtime's Redis event target
   * (`createRuntimePubSub({ redisUrl }).eventTarget`) to reach subscribers on every instance.
   */
  eventTarget?: EventTarget;
}

/** The pub/sub the Subscription fields listen on (graphql-yoga's `createPubSub`). */
export function createLiveEvents(options: LiveEventsOptions = {}): LiveEvents {
  return createPubSub<LiveTopics>(options.eventTarget ? { eventTarget: options.eventTarget as never } : {});
}

/**
 * Publishes each committed transition of this process's runtime as `workflow.changed` and each emitted event
 * as `workflow.emitted` — for deployments where no outbox publisher runs. Returns the unsubscribe function.
 */
export function publishRuntimeCommits(runtime: Runtime, live: LiveEvents): () => void {
  return runtime.onCommit((result) => {
    if (result.duplicate) return;
    const { workflow, entry } = result;
    live.publish('workflow.changed', {
      workflowId: workflow.id,
      kind: workflow.kind,
      seq: entry.seq,
      type: entry.type,
      state: workflow.state,
      version: workflow.version,
      at: entry.at,
    });
    for (const event of result.emitted) {
      live.publish('workflow.emitted', {
        workflowId: workflow.id,
        kind: workflow.kind,
        seq: entry.seq,
        event,
      });
    }
  });
}

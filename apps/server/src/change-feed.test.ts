import type { CommitListener, SendResult } from '@kefu/runtime';
import { describe, expect, it } from 'vitest';
import { createChangeFeed, type WorkflowChange } from './change-feed.js';
import { createLiveEvents } from './live-events.js';

function setup() {
  const commitListeners = new Set<CommitListener>();
  const runtime = {
    onCommit(listener: CommitListener) {
      commitListeners.add(listener);
      return () => commitListeners.delete(listener);
    },
  };
  const live = createLiveEvents();
  const feed = createChangeFeed({ runtime, live, remember: 3 });
  const heard: WorkflowChange[] = [];
  feed.subscribe((change) => heard.push(change));
  const commit = (workflowId: string, seq: number, duplicate = false) => {
    const result = { duplicate, workflow: { id: workflowId }, entry: { seq }, emitted: [] };
    for (const listener of commitListeners) listener(result as unknown as SendResult);
  };
  const event = (workflowId: string, seq: number) =>
    live.publish('workflow.changed', {
      workflowId,
      kind: 'complaint',
      seq,
      type: 'complaint.assign',
      state: 'handling',
      version: seq,
      at: '2026-03-02T01:00:00.000Z',
    });
  return { feed, heard, commit, event, commitListeners };
}

/** Lets published events reach the feed (one turn of the event loop, no clock). */
const settled = () => new Promise(setImmediate);

describe('change feed', () => {
  it('reports a commit of this process at once, and not again when it comes back through the pub/sub', async () => {
    const { feed, heard, commit, event } = setup();
    commit('c-1', 2);
    expect(heard).toEqual([{ workflowId: 'c-1', seq: 2 }]);
    event('c-1', 2);
    await settled();
    expect(heard).toEqual([{ workflowId: 'c-1', seq: 2 }]);
    expect(feed.changes).toBe(1);
  });

  it('reports a change of another process once, though it is delivered twice', async () => {
    const { heard, event } = setup();
    event('c-2', 5);
    event('c-2', 5);
    event('c-2', 6);
    await settled();
    expect(heard).toEqual([
      { workflowId: 'c-2', seq: 5 },
      { workflowId: 'c-2', seq: 6 },
    ]);
  });

  it('ignores a repeated send that changed nothing', () => {
    const { heard, commit } = setup();
    commit('c-3', 1, true);
    expect(heard).toEqual([]);
  });

  it('remembers a bounded number of changes, the oldest forgotten first', async () => {
    const { heard, commit, event } = setup();
    for (const seq of [1, 2, 3, 4]) commit('c-4', seq);
    event('c-4', 1);
    event('c-4', 4);
    await settled();
    expect(heard.map((change) => change.seq)).toEqual([1, 2, 3, 4, 1]);
  });

  it('hears nothing once closed', async () => {
    const { feed, heard, commit, event, commitListeners } = setup();
    feed.close();
    commit('c-5', 1);
    event('c-5', 2);
    await settled();
    expect(heard).toEqual([]);
    expect(commitListeners.size).toBe(0);
  });
});

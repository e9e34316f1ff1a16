import {
  createRuntime,
  createScheduler,
  openStore,
  type Runtime,
  type Store,
  type WorkflowRecord,
} from '@kefu/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWorkflows } from './default-workflows.js';
import { defaultReactions } from './workflow-links.js';

const scheduler = { userId: 'scheduler', role: 'system' };
const director = { userId: 'zhao.min', role: 'director' };

const opened = {
  at: '2026-03-02T09:00:00+08:00',
  by: { userId: 'li.na', role: 'agent' },
  customer: { name: '王伟', phone: '13800000000', grade: 'B' },
  channel: 'phone',
  category: 'product-quality',
  summary: '电水壶使用两天后漏水',
};

/** The event the runtime's scheduler sends when the named deadline in the workflow's context comes due. */
function timerEvent(workflow: WorkflowRecord, deadline: string) {
  const deadlines = workflow.context.deadlines as Record<string, { dueAt: string; event: string }>;
  const due = deadlines[deadline]!;
  return { type: due.event, deadline, dueAt: due.dueAt, at: due.dueAt, by: scheduler };
}

let store: Store;
let runtime: Runtime;
const reactionErrors: unknown[] = [];

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://workflow-links' });
  runtime = createRuntime({
    store,
    workflows: defaultWorkflows,
    reactions: defaultReactions,
    onReactionError: (error) => reactionErrors.push(error),
  });
});

afterAll(async () => {
  await store.close();
});

describe('defaultReactions', () => {
  it('links a missed complaint deadline to an escalation that climbs to the director, who raises a crisis linking the complaint', async () => {
    const { workflow: complaint } = await runtime.start('complaint', opened);

    // The record deadline passes: the scheduler sends the complaint its timer event.
    const breach = await runtime.send(complaint.id, timerEvent(complaint, 'record'));
    expect(breach.emitted.map(({ type }) => type)).toContain('complaint.deadlineBreached');

    const escalationId = `escalation:${complaint.id}:${breach.entry.seq}:record`;
    let escalation = await runtime.get(escalationId);
    expect(escalation.state).toBe('awaitingAcknowledgement');
    expect(escalation.context).toMatchObject({ complaintId: complaint.id, reason: 'deadlineMissed' });
    expect(escalation.readModel.assignee).toBe('supervisor');

    // Nobody acknowledges: two acknowledge timeouts climb supervisor → manager → director.
    escalation = (await runtime.send(escalationId, timerEvent(escalation, 'acknowledge'))).workflow;
    expect(escalation.readModel.assignee).toBe('manager');
    escalation = (await runtime.send(escalationId, timerEvent(escalation, 'acknowledge'))).workflow;
    expect(escalation.readModel.assignee).toBe('director');
    expect(escalation.readModel.breached).toBe(true);
    expect(await runtime.availableActions(escalationId, 'director')).toContain('escalation.raiseCrisis');

    const raised = await runtime.send(escalationId, {
      type: 'escalation.raiseCrisis',
      at: '2026-03-02T02:30:00.000Z',
      by: director,
      level: 'II',
      reason: '同批次电水壶漏水投诉集中,舆情扩散',
    });
    expect(raised.workflow.state).toBe('crisisRaised');

    const crisisId = `crisis:${escalationId}:${raised.entry.seq}`;
    const crisis = await runtime.get(crisisId);
    expect(crisis.state).toBe('responding');
    expect(crisis.context).toMatchObject({
      level: 'II',
      complaintIds: [complaint.id],
      source: { kind: 'escalation', id: escalationId },
    });

    const timeline = await runtime.history(complaint.id);
    const links = timeline
      .filter((entry) => entry.type === 'complaint.linked')
      .map((entry) => entry.event.link);
    expect(links).toEqual([
      { kind: 'escalation', id: escalationId, reason: 'deadlineMissed' },
      { kind: 'crisis', id: crisisId, reason: '同批次电水壶漏水投诉集中,舆情扩散' },
    ]);
    expect(reactionErrors).toEqual([]);
  });

  it('does nothing twice when the same emission is delivered again', async () => {
    const { workflow: complaint } = await runtime.start('complaint', opened);
    const breach = await runtime.send(complaint.id, timerEvent(complaint, 'record'));
    const emitted = breach.emitted.find(({ type }) => type === 'complaint.deadlineBreached')!;
    const source = { workflow: await runtime.get(complaint.id), entry: breach.entry };
    const before = (await runtime.history(complaint.id)).length;

    for (const command of defaultReactions['complaint.deadlineBreached']!(emitted, source)) {
      const result =
        'start' in command
          ? await runtime.start(command.start, command.input, { id: command.id })
          : await runtime.send(command.send, command.event, { idempotencyKey: command.idempotencyKey });
      expect(result.duplicate).toBe(true);
    }
    expect(await runtime.history(complaint.id)).toHaveLength(before);
    expect(await runtime.list({ kind: 'escalation', limit: 500 })).toHaveLength(2);
  });

  it('sends each linked complaint one message and a revisit time when the crisis resolves', async () => {
    const first = (await runtime.start('complaint', opened)).workflow;
    const second = (await runtime.start('complaint', { ...opened, summary: '同款电水壶底座漏电' })).workflow;
    const { workflow: crisis } = await runtime.start('crisis', {
      at: '2026-03-02T02:00:00.000Z',
      by: director,
      title: '电水壶批量质量问题',
      level: 'IV',
      reason: '一小时内 6 起同类投诉',
      category: 'product-quality',
      complaintIds: [first.id],
      source: { kind: 'surge' },
    });
    const at = '2026-03-02T02:10:00.000Z';
    await runtime.send(crisis.id, {
      type: 'crisis.linkComplaint',
      at,
      by: { userId: 'zhang.wei', role: 'supervisor' },
      complaintId: second.id,
    });
    await runtime.send(crisis.id, {
      type: 'crisis.activatePlan',
      at,
      by: director,
      plan: '产品质量应急预案',
    });
    await runtime.send(crisis.id, { type: 'crisis.monitor', at, by: director });
    const resolved = await runtime.send(crisis.id, {
      type: 'crisis.resolve',
      at: '2026-03-03T02:00:00.000Z',
      by: director,
      message: '问题批次已全部召回,可免费更换新品',
    });
    expect(resolved.workflow.state).toBe('recovering');

    for (const complaint of [first, second]) {
      const messages = (await runtime.history(complaint.id)).filter(
        (entry) => entry.type === 'complaint.crisisResolved',
      );
      expect(messages).toHaveLength(1);
      expect(messages[0]!.event).toMatchObject({
        crisisId: crisis.id,
        message: '问题批次已全部召回,可免费更换新品',
        revisitBy: '2026-03-06T02:00:00.000Z',
      });
    }
    // Raised with the first complaint: its timeline shows the link as the second's does.
    const firstLinks = (await runtime.history(first.id)).filter((entry) => entry.type === 'complaint.linked');
    expect(firstLinks.map((entry) => entry.event.link)).toEqual([
      { kind: 'crisis', id: crisis.id, reason: '一小时内 6 起同类投诉' },
    ]);
    const secondLinks = (await runtime.history(second.id)).filter(
      (entry) => entry.type === 'complaint.linked',
    );
    expect(secondLinks.map((entry) => entry.event.link)).toEqual([{ kind: 'crisis', id: crisis.id }]);
    expect(reactionErrors).toEqual([]);
  });

  it('climbs the ladder from the timers table when the scheduler fires the deadlines kept as data', async () => {
    let clock = new Date('2026-03-02T01:00:00.000Z');
    const scheduler = createScheduler({ runtime, now: () => clock });
    const { workflow: complaint } = await runtime.start('complaint', opened);
    const escalationOf = async () =>
      (await runtime.list({ kind: 'escalation', limit: 500 })).find(
        (record) => record.context.complaintId === complaint.id,
      );

    clock = new Date('2026-03-02T01:10:01.000Z');
    await scheduler.runOnce();
    let escalation = await escalationOf();
    expect(escalation?.readModel.assignee).toBe('supervisor');

    for (const expected of ['manager', 'director']) {
      const deadlines = escalation!.context.deadlines as Record<string, { dueAt: string }>;
      clock = new Date(Date.parse(deadlines.acknowledge!.dueAt) + 1000);
      await scheduler.runOnce();
      escalation = await runtime.get(escalation!.id);
      expect(escalation.readModel.assignee).toBe(expected);
    }
    const timeline = await runtime.history(escalation!.id);
    expect(timeline.filter((entry) => entry.type === 'escalation.deadlineReached')).toHaveLength(2);
    expect(timeline.at(-1)?.by).toEqual({ userId: 'scheduler', role: 'system' });
  });
});

import { complaintEventSchema, complaintMachine, defaultComplaintPolicy } from '@kefu/complaint';
import {
  createRuntime,
  EventNotAccepted,
  InvalidPayload,
  openStore,
  type Runtime,
  type Store,
} from '@kefu/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { complaintWorkflow, complaintWorkflowWith } from './complaint-workflow.js';

const people = {
  agent: { userId: 'li.na', role: 'agent' },
  supervisor: { userId: 'zhang.wei', role: 'supervisor' },
  manager: { userId: 'wang.fang', role: 'manager' },
  director: { userId: 'chen.jie', role: 'director' },
};

const opened = {
  at: '2026-03-02T09:00:00+08:00',
  by: people.agent,
  customer: { name: '王伟', phone: '13800000000', grade: 'B' },
  channel: 'phone',
  category: 'product-quality',
  summary: '电水壶使用两天后漏水',
};

const form = { method: 'phone', actions: '换新壶并致歉', result: '客户接受', customerInformed: true };
const steps = [
  { type: 'complaint.record', by: people.supervisor, report: { facts: '客户反映电水壶底部漏水' } },
  { type: 'complaint.startAnalysis', by: people.supervisor, assignee: 'zhang.wei' },
  {
    type: 'complaint.analyse',
    by: people.supervisor,
    analysis: { cause: '密封圈批次不良', classification: 'productQuality', proposedPlan: '换新' },
  },
  { type: 'complaint.decide', by: people.director, decision: { approved: true, plan: '换新并致歉' } },
  { type: 'complaint.applyFormalSolution', by: people.supervisor, handlingForm: form },
  {
    type: 'complaint.resolve',
    by: people.supervisor,
    summaryReport: { outcome: '已换新', cause: '密封圈批次不良', improvementMeasures: '来料全检' },
  },
  { type: 'complaint.startRevisit', by: people.agent },
  {
    type: 'complaint.recordRevisit',
    by: people.agent,
    revisitRecord: { method: 'phone', satisfaction: 'satisfied' },
  },
];
const at = (minute: number) => `2026-03-02T10:${String(minute).padStart(2, '0')}:00+08:00`;

let store: Store;
let runtime: Runtime;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://complaint-workflow-test' });
  runtime = createRuntime({ store, workflows: [complaintWorkflow] });
});

afterAll(async () => {
  await store.close();
});

async function advance(id: string, count: number) {
  for (const [index, step] of steps.slice(0, count).entries())
    await runtime.send(id, { ...step, at: at(index) });
}

describe('complaintWorkflow', () => {
  it('runs the whole procedure to closed, with the read model following it', async () => {
    const { workflow } = await runtime.start('complaint', opened);
    const states: string[] = [];
    for (const [index, step] of steps.entries()) {
      states.push((await runtime.send(workflow.id, { ...step, at: at(index) })).workflow.state);
    }
    expect(states).toEqual([
      'recorded',
      'analysing',
      'awaitingDecision',
      'handling.awaitingSolution',
      'followingUp',
      'resolved',
      'revisit',
      'closed',
    ]);
    const closed = await runtime.get(workflow.id);
    expect(closed.readModel).toMatchObject({
      status: 'closed',
      assignee: 'zhang.wei',
      priority: 'normal',
      customerGrade: 'B',
      category: 'product-quality',
      closedAt: '2026-03-02T02:07:00.000Z',
      breached: false,
    });
    expect(await runtime.availableActions(workflow.id, 'supervisor')).toEqual([]);
  });

  it('lists what each role may do at each step', async () => {
    const { workflow } = await runtime.start('complaint', opened);
    await advance(workflow.id, 3);
    expect(await runtime.availableActions(workflow.id, 'director')).toEqual(['complaint.decide']);
    expect(await runtime.availableActions(workflow.id, 'agent')).toEqual([
      'complaint.callBack',
      'complaint.contact',
      'complaint.followUp',
      'complaint.pause',
      'complaint.promiseCallBack',
      'complaint.requestEscalation',
      'complaint.resume',
      'complaint.withdraw',
    ]);
  });

  it('names the roles of every event type the schema accepts', () => {
    const schemaTypes = complaintEventSchema.options.map((option) => option.shape.type.value).sort();
    expect(Object.keys(complaintWorkflow.eventRoles ?? {}).sort()).toEqual(schemaTypes);
    expect(complaintWorkflow.eventRoles?.['complaint.linked']).toEqual(['system']);
  });

  it('rejects an analysis without a cause and writes nothing', async () => {
    const { workflow } = await runtime.start('complaint', opened);
    await advance(workflow.id, 2);
    const { cause: _cause, ...analysis } = steps[2]!.analysis!;
    const error = await runtime
      .send(workflow.id, { ...steps[2], analysis, at: at(2) })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidPayload);
    expect((error as InvalidPayload).issues.map((issue) => issue.path)).toEqual(['analysis.cause']);
    expect((await runtime.get(workflow.id)).version).toBe(3);
  });

  it('refuses a decision by an agent, naming the director, and writes nothing', async () => {
    const { workflow } = await runtime.start('complaint', opened);
    await advance(workflow.id, 3);
    const error = await runtime
      .send(workflow.id, { ...steps[3], by: people.agent, at: at(3) })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EventNotAccepted);
    expect((error as Error).message).toMatch(/"complaint.decide" may be sent by director, not agent/);
    expect(await runtime.history(workflow.id)).toHaveLength(4);
  });

  it('refuses a revisit before resolution, saying why, and writes nothing', async () => {
    const { workflow } = await runtime.start('complaint', opened);
    await advance(workflow.id, 4);
    const error = await runtime
      .send(workflow.id, { ...steps[7], at: at(4) })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EventNotAccepted);
    expect((error as Error).message).toMatch(
      /a revisit comes after the complaint is resolved \(it is handling\)/,
    );
    expect(await runtime.history(workflow.id)).toHaveLength(5);
  });
});

describe('complaint policies from the deployment', () => {
  const twentyMinutes = {
    standard: { ...defaultComplaintPolicy, record: { budget: { minutes: 20 }, calendar: 'wall' as const } },
  };
  const minutesAfterOpening = (dueAt: unknown) =>
    (Date.parse(String(dueAt)) - Date.parse(opened.at)) / 60_000;

  it('starts the record clock at 20 minutes when the deployment sets a 20-minute record limit', async () => {
    const deployed = createRuntime({ store, workflows: [complaintWorkflowWith(twentyMinutes)] });
    const { workflow } = await deployed.start('complaint', opened);
    const deadlines = workflow.context.deadlines as Record<string, { dueAt: string }>;
    expect(minutesAfterOpening(deadlines.record!.dueAt)).toBe(20);
    expect((await deployed.verify(workflow.id)).replayMatchesSnapshot).toBe(true);
  });

  it('keeps the built-in 10-minute record limit when no policies are given', async () => {
    const { workflow } = await runtime.start('complaint', opened);
    const deadlines = workflow.context.deadlines as Record<string, { dueAt: string }>;
    expect(minutesAfterOpening(deadlines.record!.dueAt)).toBe(10);
  });

  it('replays a complaint by the policies it started with, not the ones deployed later', async () => {
    const deployed = createRuntime({ store, workflows: [complaintWorkflowWith(twentyMinutes)] });
    const { workflow } = await deployed.start('complaint', opened);
    const verification = await runtime.verify(workflow.id);
    expect(verification).toMatchObject({ replayMatchesSnapshot: true, problems: [] });
  });

  it('refuses policies with a bad field with InvalidPayload and writes nothing', async () => {
    const before = (await runtime.list({ kind: 'complaint', limit: 500 })).length;
    const refused = await runtime
      .start('complaint', { ...opened, policies: { standard: { ...defaultComplaintPolicy, name: '' } } })
      .catch((error) => error);
    expect(refused).toBeInstanceOf(InvalidPayload);
    expect(refused.message).toContain('policies.standard.name');
    expect((await runtime.list({ kind: 'complaint', limit: 500 })).length).toBe(before);
  });

  it('throws naming the bad field when the deployment policies are invalid', () => {
    expect(() =>
      complaintWorkflowWith({
        standard: { ...defaultComplaintPolicy, record: { budget: {}, calendar: 'wall' } },
      }),
    ).toThrow(/record/);
  });
});

describe('migrating version 1 complaint snapshots', () => {
  it('restores a version-1 snapshot in received with its record deadline, and runs on', () => {
    const v1 = {
      status: 'active',
      value: 'received',
      historyValue: {},
      children: {},
      context: {
        complaintId: 'c-old',
        customer: { name: '王伟', grade: 'B' },
        channel: 'phone',
        category: 'product-quality',
        summary: '电水壶漏水',
        team: undefined,
        openedAt: '2026-03-02T09:00:00+08:00',
        openedBy: people.agent,
        priority: 'normal',
        report: undefined,
        recordedAt: undefined,
        deadlines: {
          record: {
            dueAt: '2026-03-02T01:10:00.000Z',
            event: 'complaint.deadlineReached',
            startedAt: '2026-03-02T09:00:00+08:00',
          },
        },
        breaches: [],
      },
    };
    const migrated = complaintWorkflow.migrations![1]!(v1);
    const actor = createActor(complaintMachine, {
      snapshot: migrated as never,
      input: undefined as never,
    }).start();
    expect(actor.getSnapshot().context.clocks.record?.startedAt).toBe('2026-03-02T09:00:00+08:00');
    actor.send({ ...steps[0], at: '2026-03-02T09:04:00+08:00' } as never);
    expect(actor.getSnapshot().value).toBe('recorded');
    expect(Object.keys(actor.getSnapshot().context.deadlines)).toEqual(['analyse']);
  });
});

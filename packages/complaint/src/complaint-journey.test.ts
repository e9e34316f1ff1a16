import { explain } from '@kefu/sla';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { complaintMachine } from './complaint-machine.js';
import { openedInput, people, sample } from './complaint-test-events.js';
import type { ComplaintEvent, ComplaintInput } from './complaint-types.js';

function start(input: Partial<ComplaintInput> = {}) {
  const actor = createActor(complaintMachine, { input: { ...openedInput, ...input } });
  const emitted: Array<{ type: string; [field: string]: unknown }> = [];
  actor.on('*', (event) => emitted.push(event));
  actor.start();
  const send = (event: ComplaintEvent) => {
    expect(actor.getSnapshot().can(event), `${event.type} should be accepted`).toBe(true);
    actor.send(event);
    return actor.getSnapshot();
  };
  return { actor, emitted, send, snapshot: () => actor.getSnapshot() };
}

/** Tuesday 3 March 2026, Beijing time. */
const t = (time: string, day = '03') => `2026-03-${day}T${time}:00+08:00`;

function throughDecision(run: ReturnType<typeof start>, options: { serious?: boolean } = {}) {
  run.send(sample('complaint.record', t('09:04', '02'), people.supervisor));
  run.send(sample('complaint.startAnalysis', t('09:10', '02'), people.supervisor));
  run.send(
    sample('complaint.analyse', t('09:40', '02'), people.supervisor, {
      analysis: {
        cause: '密封圈批次不良',
        classification: 'productQuality',
        proposedPlan: '换新',
        severity: options.serious ? 'serious' : 'normal',
      },
    }),
  );
  if (options.serious) run.send(sample('complaint.acknowledgeReport', t('09:50', '02'), people.manager));
  return run.send(sample('complaint.decide', t('10:00', '02'), people.director));
}

function throughResolution(run: ReturnType<typeof start>) {
  throughDecision(run);
  run.send(sample('complaint.applyTemporarySolution', t('10:30', '02'), people.supervisor));
  run.send(sample('complaint.applyFormalSolution', t('15:00', '02'), people.supervisor));
  run.send(sample('complaint.followUp', t('10:00'), people.supervisor));
  return run.send(sample('complaint.resolve', t('11:00'), people.supervisor));
}

describe('the complaint procedure', () => {
  it('closes after a satisfied revisit when every step is taken in order', () => {
    const run = start();
    expect(throughDecision(run).value).toEqual({ handling: 'awaitingSolution' });
    run.send(sample('complaint.applyTemporarySolution', t('10:30', '02'), people.supervisor));
    expect(run.snapshot().value).toEqual({ handling: 'temporarySolution' });
    expect(run.send(sample('complaint.applyFormalSolution', t('15:00', '02'), people.supervisor)).value).toBe(
      'followingUp',
    );
    run.send(sample('complaint.followUp', t('10:00'), people.supervisor));
    expect(run.send(sample('complaint.resolve', t('11:00'), people.supervisor)).value).toBe('resolved');
    expect(run.send(sample('complaint.startRevisit', t('14:00'), people.agent)).value).toBe('revisit');
    const closed = run.send(sample('complaint.recordRevisit', t('14:05'), people.agent));
    expect(closed.value).toBe('closed');
    expect(closed.status).toBe('done');
    expect(closed.context).toMatchObject({
      closedAt: t('14:05'),
      deadlines: {},
      report: { facts: '客户反映电水壶底部漏水' },
      analysis: { value: { cause: '密封圈批次不良' }, by: people.supervisor },
      decisions: [{ value: { approved: true }, by: people.director }],
      temporarySolution: { value: { actions: '送备用壶' } },
      formalSolution: { value: { result: '客户接受' } },
      summaryReport: { value: { improvementMeasures: '通知品管检验该批次' } },
      revisits: [{ value: { satisfaction: 'satisfied' } }],
    });
    expect(run.emitted.map((event) => event.type)).toEqual(['complaint.recorded', 'complaint.closed']);
    expect(run.emitted.at(-1)).toMatchObject({ complaintId: 'c-1', outcome: 'satisfied', by: people.agent });
  });

  it('keeps one deadline per running step and clears it when the step is done', () => {
    const run = start();
    run.send(sample('complaint.record', t('09:04', '02'), people.supervisor));
    // The analysis starts at once (第一时间): 2 working hours on the standard policy.
    expect(run.snapshot().context.deadlines).toEqual({
      analyse: {
        dueAt: '2026-03-02T03:04:00.000Z',
        event: 'complaint.deadlineReached',
        startedAt: t('09:04', '02'),
      },
    });
    throughDecision(start());
  });

  it('goes through reportedUpward when the analysis finds a serious complaint', () => {
    const run = start();
    run.send(sample('complaint.record', t('09:04', '02'), people.supervisor));
    run.send(sample('complaint.startAnalysis', t('09:10', '02'), people.supervisor));
    const analysed = run.send(
      sample('complaint.analyse', t('09:40', '02'), people.manager, {
        analysis: {
          cause: '漏电',
          classification: 'productQuality',
          proposedPlan: '召回',
          severity: 'serious',
        },
      }),
    );
    expect(analysed.value).toBe('reportedUpward');
    expect(analysed.can(sample('complaint.decide', t('09:45', '02'), people.director))).toBe(false);
    run.send(sample('complaint.acknowledgeReport', t('09:50', '02'), people.director));
    expect(run.snapshot().value).toBe('awaitingDecision');
    expect(run.snapshot().context.reportedUpward).toMatchObject({ by: people.director });
  });

  it('raises the priority to high when the analysis finds a serious complaint', () => {
    const run = start();
    run.send(sample('complaint.record', t('09:04', '02'), people.supervisor));
    run.send(sample('complaint.startAnalysis', t('09:10', '02'), people.supervisor));
    expect(run.snapshot().context.priority).toBe('normal');
    const analysed = run.send(
      sample('complaint.analyse', t('09:40', '02'), people.manager, {
        analysis: {
          cause: '漏电',
          classification: 'productQuality',
          proposedPlan: '召回',
          severity: 'serious',
        },
      }),
    );
    expect(analysed.context.priority).toBe('high');
  });

  it('keeps the priority when the analysis finds a normal complaint', () => {
    const run = start();
    run.send(sample('complaint.record', t('09:04', '02'), people.supervisor));
    run.send(sample('complaint.startAnalysis', t('09:10', '02'), people.supervisor));
    run.send(sample('complaint.analyse', t('09:40', '02'), people.supervisor));
    expect(run.snapshot().context.priority).toBe('normal');
  });

  it('returns to analysing when the director sends the plan back', () => {
    const run = start();
    run.send(sample('complaint.record', t('09:04', '02'), people.supervisor));
    run.send(sample('complaint.startAnalysis', t('09:10', '02'), people.supervisor));
    run.send(sample('complaint.analyse', t('09:40', '02'), people.supervisor));
    const back = run.send(
      sample('complaint.decide', t('10:00', '02'), people.director, {
        decision: { approved: false, plan: '换新', note: '先查清是否人为损坏' },
      }),
    );
    expect(back.value).toBe('analysing');
    expect(Object.keys(back.context.deadlines)).toEqual(['analyse']);
  });

  it('reopens handling and asks for escalation when a revisit is unsatisfied', () => {
    const run = start();
    throughResolution(run);
    run.send(sample('complaint.startRevisit', t('14:00'), people.agent));
    const unsatisfied = run.send(
      sample('complaint.recordRevisit', t('14:05'), people.agent, {
        revisitRecord: { method: 'phone', satisfaction: 'unsatisfied', unsatisfiedWith: '处理太慢' },
      }),
    );
    expect(unsatisfied.value).toBe('unsatisfied');
    expect(run.emitted.slice(-2)).toEqual([
      {
        type: 'complaint.revisitUnsatisfied',
        complaintId: 'c-1',
        at: t('14:05'),
        by: people.agent,
        satisfaction: 'unsatisfied',
        unsatisfiedWith: '处理太慢',
      },
      {
        type: 'complaint.escalationRequested',
        complaintId: 'c-1',
        reason: 'unsatisfiedRevisit',
        at: t('14:05'),
        by: people.agent,
      },
    ]);
    const reopened = run.send(sample('complaint.reopen', t('14:30'), people.supervisor));
    expect(reopened.value).toEqual({ handling: 'awaitingSolution' });
    expect(reopened.context.reopenCount).toBe(1);
    expect(reopened.context.deadlines.handle).toBeDefined();
  });

  it('closes through improvement work when an unsatisfied revisit starts improvement', () => {
    const run = start();
    throughResolution(run);
    run.send(sample('complaint.startRevisit', t('14:00'), people.agent));
    run.send(
      sample('complaint.recordRevisit', t('14:05'), people.agent, {
        revisitRecord: { method: 'phone', satisfaction: 'neutral' },
      }),
    );
    expect(run.send(sample('complaint.startImprovement', t('15:00'), people.manager)).value).toBe(
      'improving',
    );
    const closed = run.send(sample('complaint.completeImprovement', t('16:00', '10'), people.manager));
    expect(closed.value).toBe('closed');
    expect(closed.context.improvement?.value).toEqual({
      plan: '改进密封圈检验',
      owner: 'quality',
      measures: '来料全检',
    });
    expect(run.emitted.at(-1)).toMatchObject({ type: 'complaint.closed', outcome: 'improved' });
  });

  it('ends withdrawn or merged from an open state, with every deadline cleared', () => {
    const withdrawn = start();
    withdrawn.send(sample('complaint.record', t('09:04', '02'), people.supervisor));
    expect(withdrawn.send(sample('complaint.withdraw', t('09:30', '02'), people.agent))).toMatchObject({
      value: 'withdrawn',
      context: { deadlines: {}, withdrawal: { value: { reason: '客户撤回投诉' } } },
    });
    const merged = start();
    expect(merged.send(sample('complaint.merge', t('09:05', '02'), people.supervisor))).toMatchObject({
      value: 'merged',
      context: {
        deadlines: {},
        mergedInto: { value: { intoComplaintId: 'c-0' } },
        closedAt: t('09:05', '02'),
      },
    });
    expect(merged.emitted.at(-1)).toMatchObject({ type: 'complaint.closed', outcome: 'merged' });
  });
});

describe('call-back promises', () => {
  it('watches a promised call-back with a deadline and clears it when the call is made', () => {
    const run = start();
    const promised = run.send(sample('complaint.promiseCallBack', t('09:02', '02'), people.agent));
    expect(promised.context.deadlines['callBack.cb1']).toEqual({
      dueAt: '2026-03-02T03:00:00.000Z',
      event: 'complaint.deadlineReached',
      startedAt: t('09:02', '02'),
    });
    const kept = run.send(sample('complaint.callBack', t('10:30', '02'), people.agent));
    expect(kept.context.deadlines['callBack.cb1']).toBeUndefined();
    expect(kept.context.callBacks[0]).toMatchObject({ id: 'cb1', keptAt: t('10:30', '02'), reached: true });
    expect(kept.can(sample('complaint.callBack', t('10:31', '02'), people.agent))).toBe(false);
  });

  it('records a breach and emits deadlineBreached when a promised call-back is missed', () => {
    const run = start();
    run.send(sample('complaint.promiseCallBack', t('09:02', '02'), people.agent));
    const breached = run.send(
      sample('complaint.deadlineReached', '2026-03-02T03:00:05.000Z', people.system, {
        deadline: 'callBack.cb1',
        dueAt: '2026-03-02T03:00:00.000Z',
        lateBy: 5000,
      }),
    );
    expect(breached.context.breaches).toEqual([
      { deadline: 'callBack.cb1', dueAt: '2026-03-02T03:00:00.000Z', at: '2026-03-02T03:00:05.000Z' },
    ]);
    expect(breached.context.deadlines['callBack.cb1']).toBeUndefined();
    expect(run.emitted.at(-1)).toEqual({
      type: 'complaint.deadlineBreached',
      complaintId: 'c-1',
      deadline: 'callBack.cb1',
      dueAt: '2026-03-02T03:00:00.000Z',
      at: '2026-03-02T03:00:05.000Z',
    });
  });
});

describe('repeat contacts', () => {
  it('raises priority on a second contact and escalates once on the third', () => {
    const run = start();
    expect(run.snapshot().context).toMatchObject({ contactLevel: 'first', priority: 'normal' });
    expect(run.send(sample('complaint.contact', t('10:00', '02'), people.agent)).context).toMatchObject({
      contactLevel: 'second',
      priority: 'high',
    });
    expect(run.send(sample('complaint.contact', t('11:00', '02'), people.agent)).context).toMatchObject({
      contactLevel: 'many',
      priority: 'urgent',
    });
    run.send(sample('complaint.contact', t('12:00', '02'), people.agent));
    expect(run.snapshot().context.contacts).toHaveLength(3);
    expect(run.emitted.filter((event) => event.type === 'complaint.escalationRequested')).toEqual([
      {
        type: 'complaint.escalationRequested',
        complaintId: 'c-1',
        reason: 'repeatContacts',
        at: t('11:00', '02'),
        by: people.agent,
        note: '3 contacts on this complaint',
      },
    ]);
  });
});

describe('SLA policy by grade and category', () => {
  it('gives a grade-A customer tighter limits and asks for escalation when recorded', () => {
    const run = start({ customer: { name: '王伟', grade: 'A' } });
    expect(run.snapshot().context).toMatchObject({ policy: 'priority', priority: 'high' });
    expect(run.snapshot().context.deadlines.record?.dueAt).toBe('2026-03-02T01:05:00.000Z');
    run.send(sample('complaint.record', t('09:04', '02'), people.supervisor));
    expect(run.snapshot().context.deadlines.analyse?.dueAt).toBe('2026-03-02T01:34:00.000Z');
    expect(run.emitted.map((event) => [event.type, event.reason])).toEqual([
      ['complaint.recorded', undefined],
      ['complaint.escalationRequested', 'gradeA'],
    ]);
  });

  it('treats a serious category as serious and reports it upward after analysis', () => {
    const run = start({ category: 'safety' });
    expect(run.snapshot().context).toMatchObject({ policy: 'priority', serious: true });
    run.send(sample('complaint.record', t('09:04', '02'), people.supervisor));
    expect(run.emitted.map((event) => event.reason)).toContain('seriousCategory');
    run.send(sample('complaint.startAnalysis', t('09:10', '02'), people.supervisor));
    expect(run.send(sample('complaint.analyse', t('09:20', '02'), people.supervisor)).value).toBe(
      'reportedUpward',
    );
  });

  it('counts handling time in working hours, skipping the weekend', () => {
    const run = start({ at: '2026-03-06T09:00:00+08:00' });
    run.send(sample('complaint.record', '2026-03-06T09:04:00+08:00', people.supervisor));
    run.send(sample('complaint.startAnalysis', '2026-03-06T09:10:00+08:00', people.supervisor));
    run.send(sample('complaint.analyse', '2026-03-06T09:40:00+08:00', people.supervisor));
    run.send(sample('complaint.decide', '2026-03-06T17:00:00+08:00', people.director));
    // 16 working hours (9–12 and 13–18) from Friday 17:00: 1 h Friday, 8 h Monday, 7 h Tuesday → Tue 17:00.
    expect(run.snapshot().context.deadlines.handle?.dueAt).toBe('2026-03-10T09:00:00.000Z');
  });
});

describe('pause and resume', () => {
  it('removes the deadline while paused and keeps the elapsed time when resumed', () => {
    const run = start();
    run.send(sample('complaint.record', t('09:04', '02'), people.supervisor));
    const paused = run.send(sample('complaint.pause', t('09:34', '02'), people.supervisor));
    expect(paused.context.deadlines).toEqual({});
    expect(paused.context.paused).toMatchObject({ reason: 'awaitingCustomer', clocks: ['analyse'] });
    expect(paused.can(sample('complaint.pause', t('09:40', '02'), people.supervisor))).toBe(false);
    const resumed = run.send(sample('complaint.resume', t('10:34', '02'), people.supervisor));
    expect(resumed.context.paused).toBeUndefined();
    // The analyse clock counts wall-clock time (第一时间): 30 min used before the pause, 90 min left after 10:34 → 12:04.
    expect(resumed.context.deadlines.analyse?.dueAt).toBe('2026-03-02T04:04:00.000Z');
    const [analyse] = explain({ analyse: resumed.context.clocks.analyse! }, t('10:44', '02'));
    expect(analyse?.segments.map((segment) => [segment.state, segment.reason])).toEqual([
      ['running', undefined],
      ['paused', 'awaitingCustomer'],
      ['running', undefined],
    ]);
    expect(analyse?.elapsedMs).toBe(40 * 60_000);
  });
});

describe('revisits', () => {
  it('refuses a revisit call in quiet hours and makes the revisit due out of them', () => {
    const run = start();
    throughDecision(run);
    run.send(sample('complaint.applyFormalSolution', t('15:00', '02'), people.supervisor));
    const resolved = run.send(sample('complaint.resolve', t('22:30', '02'), people.supervisor));
    // 3 days after 22:30 falls in quiet hours (21:00–09:00): due by 21:00 on Thursday.
    expect(resolved.context.deadlines.revisit?.dueAt).toBe('2026-03-05T13:00:00.000Z');
    expect(resolved.can(sample('complaint.startRevisit', t('07:30'), people.agent))).toBe(false);
    expect(resolved.can(sample('complaint.startRevisit', t('09:00'), people.agent))).toBe(true);
  });

  it('moves an agreed revisit time out of quiet hours when it is rescheduled', () => {
    const run = start();
    throughResolution(run);
    const rescheduled = run.send(
      sample('complaint.rescheduleRevisit', t('14:00'), people.agent, { revisitAt: t('22:00', '04') }),
    );
    expect(rescheduled.value).toBe('resolved');
    expect(rescheduled.context.deadlines.revisit?.dueAt).toBe('2026-03-05T01:00:00.000Z');
  });
});

describe('links from other workflows', () => {
  it('records a link and a crisis message, and schedules the crisis revisit', () => {
    const run = start();
    run.send(sample('complaint.linked', t('09:01', '02'), people.system));
    const after = run.send(
      sample('complaint.crisisResolved', t('09:02', '02'), people.system, { revisitBy: t('23:00', '04') }),
    );
    expect(after.context.links).toEqual([
      { kind: 'escalation', id: 'e-1', reason: 'repeat contacts', at: t('09:01', '02') },
    ]);
    expect(after.context.customerMessages).toEqual([
      { crisisId: 'k-1', message: '该批次产品已全部召回,我们将为您免费更换。', at: t('09:02', '02') },
    ]);
    // 23:00 is in quiet hours: the revisit waits until 09:00 the next morning.
    expect(after.context.deadlines.crisisRevisit?.dueAt).toBe('2026-03-05T01:00:00.000Z');
    const contacted = run.send(sample('complaint.followUp', t('10:00', '04'), people.agent));
    expect(contacted.context.deadlines.crisisRevisit).toBeUndefined();
  });

  it('emits an agent escalation request with its note', () => {
    const run = start();
    run.send(sample('complaint.requestEscalation', t('09:10', '02'), people.agent));
    expect(run.emitted.at(-1)).toEqual({
      type: 'complaint.escalationRequested',
      complaintId: 'c-1',
      reason: 'agentRequest',
      at: t('09:10', '02'),
      by: people.agent,
      note: '超出权限',
    });
  });
});

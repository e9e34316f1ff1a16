import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { type ComplaintMachineInput, complaintMachine } from './complaint-machine.js';
import {
  type ComplaintPolicies,
  type ComplaintPolicy,
  complaintPoliciesSchema,
  defaultComplaintPolicy,
  priorityComplaintPolicy,
} from './complaint-policy.js';
import { openedInput, people, sample } from './complaint-test-events.js';
import {
  type Actor,
  type ComplaintEvent,
  complaintEventSchema,
  pauseReasonSchema,
} from './complaint-types.js';
import { explainComplaintRejection } from './explain-rejection.js';

/** Beijing time on a day of March 2026 (the 6th is a Friday, the 9th a Monday). */
const t = (time: string, day = '02') => `2026-03-${day}T${time}:00+08:00`;

function start(input: Partial<ComplaintMachineInput> = {}) {
  const actor = createActor(complaintMachine, { input: { ...openedInput, ...input } }).start();
  const send = (event: ComplaintEvent) => {
    expect(actor.getSnapshot().can(event), `${event.type} should be accepted`).toBe(true);
    actor.send(event);
    return actor.getSnapshot();
  };
  /** Sends an event the machine must refuse; returns why, and checks that nothing changed. */
  const refuse = (event: ComplaintEvent) => {
    const before = actor.getSnapshot();
    expect(before.can(event), `${event.type} should be refused`).toBe(false);
    actor.send(event);
    expect(actor.getSnapshot().context).toEqual(before.context);
    return explainComplaintRejection(before, event);
  };
  return { actor, send, refuse };
}

type Run = ReturnType<typeof start>;

const pause = (at: string, by: Actor, reason = 'awaitingCustomer') =>
  sample('complaint.pause', at, by, { reason } as { reason: 'awaitingCustomer' });

function toAnalysing(run: Run, day = '02', time = '09:04') {
  run.send(sample('complaint.record', t(time, day), people.supervisor));
  return run.send(sample('complaint.startAnalysis', t(time, day), people.supervisor));
}

function toDecision(run: Run) {
  toAnalysing(run);
  return run.send(sample('complaint.analyse', t('09:40'), people.supervisor));
}

function toHandling(run: Run) {
  toDecision(run);
  return run.send(sample('complaint.decide', t('10:00'), people.director));
}

/** The standard policy with one step's rules replaced. */
const withStep = (
  step: 'record' | 'analyse' | 'decide' | 'handle',
  rules: Partial<ComplaintPolicy['record']>,
) => ({
  standard: { ...defaultComplaintPolicy, [step]: { ...defaultComplaintPolicy[step], ...rules } },
});

describe('pausing the record clock', () => {
  it('refuses the pause and keeps the record deadline when the default policy applies', () => {
    const run = start();
    const why = run.refuse(pause(t('09:02'), people.supervisor));
    expect(why).toBe('the record clock cannot be paused (policy "standard")');
    expect(run.actor.getSnapshot().context.deadlines.record?.dueAt).toBe('2026-03-02T01:10:00.000Z');
  });

  it('pauses the record clock and removes its deadline when the policy lets supervisors pause it', () => {
    const run = start({
      policies: withStep('record', { pause: { roles: ['supervisor'], reasons: ['awaitingThirdParty'] } }),
    });
    const paused = run.send(pause(t('09:02'), people.supervisor, 'awaitingThirdParty'));
    expect(paused.context.deadlines.record).toBeUndefined();
    expect(paused.context.paused).toMatchObject({
      reason: 'awaitingThirdParty',
      by: people.supervisor,
      clocks: ['record'],
    });
  });
});

describe('pausing the decision clock', () => {
  it('refuses the pause and keeps the decision deadline when the default policy applies', () => {
    const run = start();
    const waiting = toDecision(run);
    expect(waiting.value).toBe('awaitingDecision');
    const why = run.refuse(pause(t('09:45'), people.manager, 'awaitingThirdParty'));
    expect(why).toBe('the decide clock cannot be paused (policy "standard")');
    expect(run.actor.getSnapshot().context.deadlines.decide?.dueAt).toBe('2026-03-02T03:40:00.000Z');
  });

  it('pauses the decision clock when the policy lets managers pause it while waiting on a third party', () => {
    const run = start({
      policies: withStep('decide', { pause: { roles: ['manager'], reasons: ['awaitingThirdParty'] } }),
    });
    toDecision(run);
    const paused = run.send(pause(t('09:45'), people.manager, 'awaitingThirdParty'));
    expect(paused.context.deadlines.decide).toBeUndefined();
    expect(paused.context.paused?.clocks).toEqual(['decide']);
  });
});

describe('who may pause', () => {
  const supervisorsOnly = withStep('handle', {
    pause: { roles: ['supervisor', 'manager'], reasons: ['awaitingGoods'] },
  });

  it('refuses an agent, naming the roles that may pause, when the policy allows supervisors and managers', () => {
    const run = start({ policies: supervisorsOnly });
    toHandling(run);
    expect(run.refuse(pause(t('10:30'), people.agent, 'awaitingGoods'))).toBe(
      'the handle clock may be paused by supervisor or manager, not agent (policy "standard")',
    );
  });

  it('pauses the handle clock and names the supervisor on its pause segment when a supervisor pauses it', () => {
    const run = start({ policies: supervisorsOnly });
    toHandling(run);
    const paused = run.send(pause(t('10:30'), people.supervisor, 'awaitingGoods'));
    expect(paused.context.clocks.handle?.segments.at(-1)).toEqual({
      state: 'paused',
      from: '2026-03-02T02:30:00.000Z',
      reason: 'awaitingGoods',
      by: people.supervisor.userId,
    });
  });
});

describe('what a pause may be for', () => {
  const customerOnly = withStep('analyse', {
    pause: { roles: ['agent', 'supervisor'], reasons: ['awaitingCustomer'] },
  });

  it('refuses a reason the policy does not list, naming the reasons it does', () => {
    const run = start({ policies: customerOnly });
    toAnalysing(run);
    expect(run.refuse(pause(t('09:30'), people.agent, 'awaitingGoods'))).toBe(
      'the analyse clock may be paused for awaitingCustomer, not awaitingGoods (policy "standard")',
    );
  });

  it('pauses the analyse clock when the reason is one the policy lists', () => {
    const run = start({ policies: customerOnly });
    toAnalysing(run);
    expect(run.send(pause(t('09:30'), people.agent, 'awaitingCustomer')).context.paused?.reason).toBe(
      'awaitingCustomer',
    );
  });
});

describe('a pause names its reason and its actor', () => {
  it('rejects the pause at the schema and in the machine when it names no reason', () => {
    const run = start();
    toAnalysing(run);
    const blank = { ...pause(t('09:30'), people.agent), reason: '' };
    expect(complaintEventSchema.safeParse(blank).success).toBe(false);
    expect(run.refuse(blank as unknown as ComplaintEvent)).toBe(
      'a pause of the analyse clock must name its reason (policy "standard")',
    );
  });

  it('rejects the pause at the schema and in the machine when its sender has no id', () => {
    const run = start();
    toAnalysing(run);
    const anonymous = pause(t('09:30'), { userId: '', role: 'agent' });
    expect(complaintEventSchema.safeParse(anonymous).success).toBe(false);
    expect(run.refuse(anonymous)).toBe(
      'a pause of the analyse clock must name who pauses it (policy "standard")',
    );
  });

  it('keeps the reason, the sender and the note when a pause is accepted', () => {
    const run = start();
    toAnalysing(run);
    expect(run.send(pause(t('09:30'), people.agent)).context.paused).toEqual({
      reason: 'awaitingCustomer',
      at: t('09:30'),
      by: people.agent,
      clocks: ['analyse'],
      note: '等客户寄回旧壶',
    });
  });
});

describe('calendars', () => {
  it('makes the analysis due two wall-clock hours later when a complaint is recorded on Friday at 17:58', () => {
    const run = start({ at: t('17:55', '06') });
    const recorded = run.send(sample('complaint.record', t('17:58', '06'), people.supervisor));
    // 第一时间 counts wall-clock time by default: Friday 19:58, not Monday 10:58.
    expect(recorded.context.deadlines.analyse?.dueAt).toBe('2026-03-06T11:58:00.000Z');
  });

  it('counts each step on its own calendar when the policy gives steps different calendars', () => {
    const saturdays = {
      timeZone: 'Asia/Shanghai',
      workingDays: [1, 2, 3, 4, 5, 6],
      workingHours: [{ start: '08:00', end: '20:00' }],
    };
    const run = start({
      at: t('17:55', '06'),
      policies: {
        standard: {
          ...defaultComplaintPolicy,
          analyse: { ...defaultComplaintPolicy.analyse, calendar: 'business' },
          handle: { ...defaultComplaintPolicy.handle, budget: { hours: 4 }, calendar: saturdays },
        },
      },
    });
    const recorded = run.send(sample('complaint.record', t('17:58', '06'), people.supervisor));
    // analyse on the policy's business calendar (09–12, 13–18, Mon–Fri): 2 min on Friday, 1 h 58 on Monday.
    expect(recorded.context.deadlines.analyse?.dueAt).toBe('2026-03-09T02:58:00.000Z');
    expect(recorded.context.deadlines.record).toBeUndefined();
    run.send(sample('complaint.startAnalysis', t('18:00', '06'), people.supervisor));
    run.send(sample('complaint.analyse', t('18:00', '06'), people.supervisor));
    const handling = run.send(sample('complaint.decide', t('18:00', '06'), people.director));
    // handle on its own calendar (08–20, Mon–Sat): 2 h on Friday evening, 2 h on Saturday morning.
    expect(handling.context.deadlines.handle?.dueAt).toBe('2026-03-07T02:00:00.000Z');
  });
});

describe('a deployment policy passed through the input', () => {
  it('gives the record clock the deployment limit and keeps the policy in the context when the input has policies', () => {
    const fifteenMinutes = withStep('record', { budget: { minutes: 15 } });
    const run = start({ policies: fifteenMinutes });
    const { context } = run.actor.getSnapshot();
    expect(context.deadlines.record?.dueAt).toBe('2026-03-02T01:15:00.000Z');
    expect(context.slaPolicy?.record.budget).toEqual({ minutes: 15 });
  });

  it('keeps the deployment limits when the complaint is restored from its persisted snapshot', () => {
    const run = start({ policies: withStep('analyse', { budget: { minutes: 45 } }) });
    const persisted = run.actor.getPersistedSnapshot();
    const restored = createActor(complaintMachine, { snapshot: persisted, input: openedInput }).start();
    restored.send(sample('complaint.record', t('09:04'), people.supervisor));
    expect(restored.getSnapshot().context.deadlines.analyse?.dueAt).toBe('2026-03-02T01:49:00.000Z');
  });

  it('uses the deployment priority policy when the customer is grade A, and the built-in standard one otherwise', () => {
    const priority = {
      ...defaultComplaintPolicy,
      name: 'vip',
      record: { budget: { minutes: 3 }, calendar: 'wall' as const },
    };
    const vip = start({ customer: { name: '王伟', grade: 'A' }, policies: { priority } });
    expect(vip.actor.getSnapshot().context.policy).toBe('vip');
    expect(vip.actor.getSnapshot().context.deadlines.record?.dueAt).toBe('2026-03-02T01:03:00.000Z');
    const regular = start({ policies: { priority } });
    expect(regular.actor.getSnapshot().context.deadlines.record?.dueAt).toBe('2026-03-02T01:10:00.000Z');
  });
});

describe('docs/workflows/complaint.md', () => {
  const doc = readFileSync(new URL('../../../docs/workflows/complaint.md', import.meta.url), 'utf8');
  const rowOf = (clock: string) =>
    doc
      .split('\n')
      .find((line) => line.startsWith(`| \`${clock}\``))
      ?.split('|')
      .map((cell) => cell.trim());

  it('matches the default limits, calendars and pause rules when the docs table lists each step clock', () => {
    const minutes = (duration: { hours?: number; minutes?: number }) =>
      (duration.hours ?? 0) * 60 + (duration.minutes ?? 0);
    const spoken = (value: number, working: boolean) =>
      value % 60 === 0 ? `${value / 60} ${working ? 'working hours' : 'h'}` : `${value} min`;
    for (const step of ['record', 'analyse', 'decide', 'handle'] as const) {
      const [, , , standard, priority, calendar, pause] = rowOf(step) ?? [];
      const working = defaultComplaintPolicy[step].calendar !== 'wall';
      expect(standard, step).toBe(spoken(minutes(defaultComplaintPolicy[step].budget), working));
      expect(priority, step).toBe(spoken(minutes(priorityComplaintPolicy[step].budget), working));
      expect(calendar?.startsWith(working ? 'business' : 'wall-clock'), `${step}: ${calendar}`).toBe(true);
      const rule = defaultComplaintPolicy[step].pause;
      expect(pause, step).toBe(rule ? `${rule.roles.join(', ')}; any \`PauseReason\`` : 'nobody');
    }
    // Any pause reason is accepted where a pause is allowed at all (analyse, handle); record and decide have no rule.
    const reasons = Object.fromEntries(
      (['record', 'analyse', 'decide', 'handle'] as const).map((step) => [
        step,
        defaultComplaintPolicy[step].pause?.reasons,
      ]),
    );
    expect(reasons).toEqual({
      record: undefined,
      analyse: pauseReasonSchema.options,
      decide: undefined,
      handle: pauseReasonSchema.options,
    });
  });
});

describe('complaintPoliciesSchema', () => {
  it('accepts the policies when they are the built-in ones written out as JSON', () => {
    const json = JSON.parse(
      JSON.stringify({ standard: defaultComplaintPolicy, priority: priorityComplaintPolicy }),
    );
    const parsed: Partial<ComplaintPolicies> = complaintPoliciesSchema.parse(json);
    expect(parsed.standard).toEqual(defaultComplaintPolicy);
  });

  it('names each bad field when a deployment policy has a negative limit, an unknown zone and an unknown role', () => {
    const broken = {
      standard: {
        ...defaultComplaintPolicy,
        record: { budget: { minutes: -10 }, calendar: 'wall' },
        handle: {
          ...defaultComplaintPolicy.handle,
          pause: { roles: ['customer'], reasons: ['awaitingCustomer'] },
        },
        quietHours: { ...defaultComplaintPolicy.quietHours, timeZone: 'Mars/Olympus' },
      },
    };
    const result = complaintPoliciesSchema.safeParse(broken);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'standard.handle.pause.roles.0',
      'standard.quietHours.timeZone',
      'standard.record.budget.minutes',
    ]);
  });
});

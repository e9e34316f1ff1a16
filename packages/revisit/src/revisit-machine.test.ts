import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { revisitMachine } from './revisit-machine.js';
import { defaultRevisitPolicy, revisitPolicySchema } from './revisit-policy.js';
import { type RevisitEmitted, type RevisitRecordForm, revisitEventSchema } from './revisit-types.js';

const supervisor = { userId: 'sup-1', role: 'supervisor' } as const;
const agent = { userId: 'agent-7', role: 'agent' } as const;
const otherAgent = { userId: 'agent-8', role: 'agent' } as const;
const scheduler = { userId: 'scheduler', role: 'system' } as const;

const form = (satisfaction: RevisitRecordForm['satisfaction']): RevisitRecordForm => ({
  method: 'phone',
  opinionOfCompany: '公司很专业',
  opinionOfService: '送货及时',
  suggestions: '希望增加周末配送',
  satisfaction,
  ...(satisfaction === 'satisfied' ? {} : { unsatisfiedWith: '售后响应慢' }),
});

/** A revisit triggered Monday 2026-03-02 10:00 Beijing time, assigned to agent-7. */
function startRevisit(policy = defaultRevisitPolicy) {
  const emitted: RevisitEmitted[] = [];
  const actor = createActor(revisitMachine, {
    input: {
      revisitId: 'revisit:c-1:2026-03-02T02:00:00.000Z',
      customerId: 'c-1',
      class: 'channel',
      grade: 'A',
      tier: 'premium',
      member: true,
      timeZone: 'Asia/Shanghai',
      reason: 'periodic',
      triggerAt: '2026-03-02T10:00:00+08:00',
      at: '2026-03-02T10:00:00+08:00',
      by: scheduler,
      policy,
    },
  });
  actor.on('*', (event) => emitted.push(event as RevisitEmitted));
  actor.start();
  actor.send({
    type: 'revisit.assign',
    assignee: agent.userId,
    at: '2026-03-02T10:05:00+08:00',
    by: supervisor,
  });
  return { actor, emitted };
}

describe('revisit machine', () => {
  it('goes planned → assigned → attempted → recorded → summarised → closed when the second call reaches the customer', () => {
    const { actor, emitted } = startRevisit();
    expect(actor.getSnapshot().value).toBe('assigned');
    actor.send({ type: 'revisit.unreachable', method: 'phone', at: '2026-03-02T10:30:00+08:00', by: agent });
    expect(actor.getSnapshot().value).toBe('attempted');
    const retry = actor.getSnapshot().context.deadlines.retry!;
    // 10:30 + 2 hours is 12:30, in the lunch rest: the retry waits until 14:00 Beijing time.
    expect(retry.dueAt).toBe('2026-03-02T06:00:00.000Z');
    actor.send({
      type: 'revisit.deadlineReached',
      deadline: 'retry',
      dueAt: retry.dueAt,
      at: retry.dueAt,
      by: scheduler,
    });
    expect(actor.getSnapshot().value).toBe('assigned');
    actor.send({
      type: 'revisit.record',
      record: form('satisfied'),
      at: '2026-03-02T14:10:00+08:00',
      by: agent,
    });
    actor.send({
      type: 'revisit.summarise',
      summary: '客户满意',
      at: '2026-03-02T15:00:00+08:00',
      by: supervisor,
    });
    actor.send({ type: 'revisit.close', at: '2026-03-02T15:05:00+08:00', by: supervisor });
    const { value, context } = actor.getSnapshot();
    expect(value).toBe('closed');
    expect(context.attempts.map((attempt) => attempt.outcome)).toEqual(['unreachable', 'reached']);
    expect(emitted.map((event) => event.type)).toEqual([
      'revisit.assigned',
      'revisit.attemptFailed',
      'revisit.retryDue',
      'revisit.recorded',
      'revisit.closed',
    ]);
  });

  it('refuses a call in the customer’s rest hours and records nothing when the call is at lunch or at night', () => {
    const { actor } = startRevisit();
    const lunch = {
      type: 'revisit.unreachable',
      method: 'phone',
      at: '2026-03-02T12:15:00+08:00',
      by: agent,
    } as const;
    const night = {
      type: 'revisit.record',
      record: form('satisfied'),
      at: '2026-03-02T21:30:00+08:00',
      by: agent,
    } as const;
    expect(actor.getSnapshot().can(lunch)).toBe(false);
    expect(actor.getSnapshot().can(night)).toBe(false);
    actor.send(lunch);
    actor.send(night);
    expect(actor.getSnapshot().value).toBe('assigned');
    expect(actor.getSnapshot().context.attempts).toEqual([]);
  });

  it('refuses a call before the retry time when the customer was just unreachable', () => {
    const { actor } = startRevisit();
    actor.send({ type: 'revisit.unreachable', method: 'phone', at: '2026-03-02T15:00:00+08:00', by: agent });
    expect(actor.getSnapshot().context.scheduledAt).toBe('2026-03-02T09:00:00.000Z');
    const early = {
      type: 'revisit.record',
      record: form('satisfied'),
      at: '2026-03-02T16:00:00+08:00',
      by: agent,
    } as const;
    expect(actor.getSnapshot().can(early)).toBe(false);
  });

  it('refuses an agent who does not hold the revisit', () => {
    const { actor } = startRevisit();
    const event = {
      type: 'revisit.record',
      record: form('satisfied'),
      at: '2026-03-02T10:30:00+08:00',
      by: otherAgent,
    } as const;
    expect(actor.getSnapshot().can(event)).toBe(false);
  });

  it('counts the attempts and ends missed when every retry in the window is used', () => {
    const policy = revisitPolicySchema.parse({
      ...defaultRevisitPolicy,
      retry: { after: { hours: 2 }, maxAttempts: 3 },
    });
    const { actor, emitted } = startRevisit(policy);
    for (const at of ['2026-03-02T10:00:00+08:00', '2026-03-02T15:00:00+08:00']) {
      actor.send({ type: 'revisit.unreachable', method: 'phone', at, by: agent });
      const retry = actor.getSnapshot().context.deadlines.retry!;
      actor.send({
        type: 'revisit.deadlineReached',
        deadline: 'retry',
        dueAt: retry.dueAt,
        at: retry.dueAt,
        by: scheduler,
      });
    }
    actor.send({ type: 'revisit.unreachable', method: 'phone', at: '2026-03-02T17:00:00+08:00', by: agent });
    const { value, context } = actor.getSnapshot();
    expect(value).toBe('missed');
    expect(context.missedBecause).toBe('attemptsExhausted');
    expect(context.attempts.map((attempt) => attempt.number)).toEqual([1, 2, 3]);
    expect(emitted.at(-1)).toMatchObject({
      type: 'revisit.missed',
      because: 'attemptsExhausted',
      attempts: 3,
    });
  });

  it('ends missed when the window closes before anyone reached the customer', () => {
    const { actor } = startRevisit();
    const window = actor.getSnapshot().context.deadlines.window!;
    // 3 days after Monday 10:00 is Thursday 10:00, outside rest hours.
    expect(window.dueAt).toBe('2026-03-05T02:00:00.000Z');
    actor.send({
      type: 'revisit.deadlineReached',
      deadline: 'window',
      dueAt: window.dueAt,
      at: window.dueAt,
      by: scheduler,
    });
    expect(actor.getSnapshot().value).toBe('missed');
    expect(actor.getSnapshot().context.missedBecause).toBe('windowClosed');
  });

  it('ignores a stale timer whose due time is not the current deadline', () => {
    const { actor } = startRevisit();
    actor.send({
      type: 'revisit.deadlineReached',
      deadline: 'window',
      dueAt: '2026-03-04T02:00:00Z',
      at: '2026-03-04T02:00:00Z',
      by: scheduler,
    });
    expect(actor.getSnapshot().value).toBe('assigned');
  });

  it('requests a complaint when the answer is unsatisfied and improvement work when it is neutral', () => {
    const unsatisfied = startRevisit();
    unsatisfied.actor.send({
      type: 'revisit.record',
      record: form('unsatisfied'),
      at: '2026-03-02T10:30:00+08:00',
      by: agent,
    });
    expect(unsatisfied.emitted.at(-1)).toMatchObject({
      type: 'revisit.followUpRequested',
      kind: 'complaint',
      satisfaction: 'unsatisfied',
      customerId: 'c-1',
    });
    const neutral = startRevisit();
    neutral.actor.send({
      type: 'revisit.record',
      record: form('neutral'),
      at: '2026-03-02T10:30:00+08:00',
      by: agent,
    });
    expect(neutral.emitted.at(-1)).toMatchObject({ type: 'revisit.followUpRequested', kind: 'improvement' });
    expect(neutral.actor.getSnapshot().context.followUp).toBe('improvement');
  });

  it('opens nothing when the answer is satisfied or the policy says none', () => {
    const satisfied = startRevisit();
    satisfied.actor.send({
      type: 'revisit.record',
      record: form('satisfied'),
      at: '2026-03-02T10:30:00+08:00',
      by: agent,
    });
    expect(satisfied.emitted.map((event) => event.type)).not.toContain('revisit.followUpRequested');
    const policy = revisitPolicySchema.parse({
      ...defaultRevisitPolicy,
      followUp: { unsatisfied: 'complaint', neutral: 'none' },
    });
    const neutral = startRevisit(policy);
    neutral.actor.send({
      type: 'revisit.record',
      record: form('neutral'),
      at: '2026-03-02T10:30:00+08:00',
      by: agent,
    });
    expect(neutral.emitted.map((event) => event.type)).not.toContain('revisit.followUpRequested');
    expect(neutral.actor.getSnapshot().context.followUp).toBe('none');
  });

  it('rejects a record form without the opinions with a typed error when validated', () => {
    const result = revisitEventSchema.safeParse({
      type: 'revisit.record',
      at: '2026-03-02T10:30:00+08:00',
      by: agent,
      record: { method: 'phone', satisfaction: 'satisfied' },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      'record.opinionOfCompany',
      'record.opinionOfService',
    ]);
  });
});

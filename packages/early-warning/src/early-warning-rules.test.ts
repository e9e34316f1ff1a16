import { describe, expect, it } from 'vitest';
import { defaultEarlyWarningPolicy, earlyWarningPolicySchema } from './early-warning-policy.js';
import {
  evaluateWarnings,
  fallingSatisfaction,
  gradeABreach,
  overdueRevisit,
  repeatComplaints,
  volumeDrop,
  type WarningTimelineEntry,
} from './early-warning-rules.js';

const customer = { customerId: 'c-1', grade: 'A' as const };
const at = '2026-03-31T02:00:00.000Z';
const entry = (
  kind: string,
  when: string,
  data: Record<string, unknown> = {},
  workflowId?: string,
): WarningTimelineEntry => ({
  customerId: 'c-1',
  at: when,
  kind,
  data,
  ...(workflowId ? { workflowId } : {}),
});

describe('repeatComplaints', () => {
  const first = entry('complaint.opened', '2026-03-05T02:00:00.000Z', {}, 'complaint-1');
  const second = entry('complaint.opened', '2026-03-20T02:00:00.000Z', {}, 'complaint-2');

  it('raises a warning with both complaints as evidence when two are opened within 30 days', () => {
    const raised = repeatComplaints({ customer, timeline: [second, first], at });
    expect(raised).toMatchObject({
      id: 'repeatComplaints:c-1:complaint-1+complaint-2',
      rule: 'repeatComplaints',
      severity: 'warning',
    });
    expect(raised?.evidence).toEqual([
      { source: 'timeline', entry: first },
      { source: 'timeline', entry: second },
    ]);
  });

  it('raises nothing when the earlier complaint is older than the window', () => {
    const old = entry('complaint.opened', '2026-02-01T02:00:00.000Z', {}, 'complaint-0');
    expect(repeatComplaints({ customer, timeline: [old, second], at })).toBeUndefined();
  });
});

describe('fallingSatisfaction', () => {
  const answers = (...values: string[]) =>
    values.map((satisfaction, index) =>
      entry(
        'revisit.recorded',
        `2026-0${index + 1}-10T02:00:00.000Z`,
        { satisfaction },
        `revisit-${index + 1}`,
      ),
    );

  it('raises a critical warning with the three revisits as evidence when satisfaction falls to unsatisfied', () => {
    const timeline = answers('satisfied', 'neutral', 'unsatisfied');
    const raised = fallingSatisfaction({ customer, timeline, at });
    expect(raised).toMatchObject({ severity: 'critical', id: 'fallingSatisfaction:c-1:revisit-3' });
    expect(raised?.message).toBe(
      'Satisfaction fell across the last 3 revisits: satisfied → neutral → unsatisfied.',
    );
    expect(raised?.evidence.map((item) => item.source === 'timeline' && item.entry.workflowId)).toEqual([
      'revisit-1',
      'revisit-2',
      'revisit-3',
    ]);
  });

  it('raises nothing when satisfaction recovered in between or stayed the same', () => {
    expect(
      fallingSatisfaction({ customer, timeline: answers('neutral', 'satisfied', 'unsatisfied'), at }),
    ).toBeUndefined();
    expect(
      fallingSatisfaction({ customer, timeline: answers('neutral', 'neutral', 'neutral'), at }),
    ).toBeUndefined();
  });
});

describe('volumeDrop', () => {
  const after = '2026-05-01T00:00:00.000Z';
  const volumes = (...values: number[]) =>
    values.map((volume, index) =>
      entry('volume.recorded', `2026-0${index + 1}-28T02:00:00.000Z`, {
        period: `2026-0${index + 1}`,
        volume,
      }),
    );

  it('raises a warning with the figures as evidence when the latest is 30% below the customer’s own average', () => {
    const timeline = volumes(1000, 1200, 1100, 700);
    const raised = volumeDrop({ customer, timeline, at: after });
    expect(raised).toMatchObject({ id: 'volumeDrop:c-1:2026-04', severity: 'warning' });
    expect(raised?.message).toBe(
      'Volume 700 in 2026-04 is 36% below the average of the 3 figures before (1100).',
    );
    expect(raised?.evidence).toHaveLength(4);
  });

  it('raises nothing when the latest figure is within the allowed drop, or the history is too short', () => {
    expect(volumeDrop({ customer, timeline: volumes(1000, 1200, 1100, 800), at: after })).toBeUndefined();
    expect(volumeDrop({ customer, timeline: volumes(1000, 500), at: after })).toBeUndefined();
  });
});

describe('overdueRevisit', () => {
  const planned = { revisitId: 'revisit:c-1:1', dueAt: '2026-03-30T13:00:00.000Z', state: 'assigned' };

  it('raises a warning with the revisit as evidence when it is past due without a record', () => {
    const raised = overdueRevisit({ customer, timeline: [], revisits: [planned], at });
    expect(raised).toMatchObject({ id: 'overdueRevisit:c-1:revisit:c-1:1', severity: 'warning' });
    expect(raised?.evidence).toEqual([{ source: 'revisit', revisit: planned }]);
  });

  it('raises nothing when the revisit was recorded, or is still within its grace', () => {
    expect(
      overdueRevisit({ customer, timeline: [], revisits: [{ ...planned, state: 'recorded' }], at }),
    ).toBeUndefined();
    const grace = earlyWarningPolicySchema.parse({
      ...defaultEarlyWarningPolicy,
      overdueRevisit: { graceHours: 24 },
    });
    expect(
      overdueRevisit({ customer, timeline: [], revisits: [planned], at, policy: grace }),
    ).toBeUndefined();
  });
});

describe('gradeABreach', () => {
  const breach = entry(
    'complaint.breached',
    '2026-03-20T02:00:00.000Z',
    { deadline: 'record' },
    'complaint-9',
  );

  it('raises a critical warning with the breach as evidence when a grade-A customer’s complaint is still open', () => {
    const raised = gradeABreach({ customer, timeline: [breach], at });
    expect(raised).toMatchObject({ id: 'gradeABreach:c-1:complaint-9', severity: 'critical' });
    expect(raised?.evidence).toEqual([{ source: 'timeline', entry: breach }]);
  });

  it('raises nothing when the breached complaint is closed, or the customer is not grade A', () => {
    const closed = entry('complaint.closed', '2026-03-25T02:00:00.000Z', {}, 'complaint-9');
    expect(gradeABreach({ customer, timeline: [breach, closed], at })).toBeUndefined();
    expect(gradeABreach({ customer: { ...customer, grade: 'B' }, timeline: [breach], at })).toBeUndefined();
  });
});

describe('evaluateWarnings', () => {
  it('runs every enabled rule and skips a rule the policy switches off', () => {
    const timeline = [
      entry('complaint.opened', '2026-03-05T02:00:00.000Z', {}, 'complaint-1'),
      entry('complaint.opened', '2026-03-20T02:00:00.000Z', {}, 'complaint-2'),
      entry('complaint.breached', '2026-03-20T03:00:00.000Z', {}, 'complaint-2'),
    ];
    expect(evaluateWarnings({ customer, timeline, at }).map((warning) => warning.rule)).toEqual([
      'repeatComplaints',
      'gradeABreach',
    ]);
    const policy = earlyWarningPolicySchema.parse({
      ...defaultEarlyWarningPolicy,
      repeatComplaints: { ...defaultEarlyWarningPolicy.repeatComplaints, enabled: false },
    });
    expect(evaluateWarnings({ customer, timeline, at, policy }).map((warning) => warning.rule)).toEqual([
      'gradeABreach',
    ]);
  });

  it('ignores entries after the evaluation time', () => {
    const future = [
      entry('complaint.opened', '2026-03-30T02:00:00.000Z', {}, 'complaint-1'),
      entry('complaint.opened', '2026-04-02T02:00:00.000Z', {}, 'complaint-2'),
    ];
    expect(evaluateWarnings({ customer, timeline: future, at })).toEqual([]);
  });
});

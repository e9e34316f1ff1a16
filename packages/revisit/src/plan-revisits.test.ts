import { durationToMilliseconds, toLocalTime } from '@kefu/sla';
import { describe, expect, it } from 'vitest';
import { generateCustomerProfiles } from './generate-customer-profiles.js';
import { planRevisits, planRuleFor, revisitTimes } from './plan-revisits.js';
import { defaultRevisitPolicy, revisitPolicySchema } from './revisit-policy.js';

const threeDays = durationToMilliseconds({ days: 3 });

/** Whether a local minute of day falls in the default rest hours: night 21:00–09:00 or lunch 12:00–14:00. */
const inRestHours = (minute: number) =>
  minute < 9 * 60 || minute >= 21 * 60 || (minute >= 720 && minute < 840);

describe('planRevisits over 1,000 customers', () => {
  const customers = generateCustomerProfiles(1000);
  const work = planRevisits({ customers, from: '2026-01-01T00:00:00Z', to: '2026-07-01T00:00:00Z' });

  it('plans a revisit for every member customer and none for the others when the period spans every plan', () => {
    const members = customers.filter((customer) => customer.member).map((customer) => customer.customerId);
    expect(members.length).toBeGreaterThan(500);
    expect(new Set(work.map((item) => item.customerId))).toEqual(new Set(members));
  });

  it('schedules no call in the rest hours (lunch or night) on each customer’s own clock', () => {
    const local = work.map((item) => toLocalTime(item.scheduledAt, item.timeZone).minuteOfDay);
    expect(local.filter(inRestHours)).toEqual([]);
    // The plan had to move calls out of both ranges: triggers fell at night and at lunch.
    const triggers = work.map((item) => toLocalTime(item.triggerAt, item.timeZone).minuteOfDay);
    expect(triggers.filter((minute) => minute >= 720 && minute < 840).length).toBeGreaterThan(0);
    expect(triggers.filter((minute) => minute >= 21 * 60 || minute < 9 * 60).length).toBeGreaterThan(0);
  });

  it('schedules every first call and deadline no more than 3 days after its trigger', () => {
    const late = work.filter(
      (item) =>
        Date.parse(item.scheduledAt) - Date.parse(item.triggerAt) > threeDays ||
        Date.parse(item.dueAt) - Date.parse(item.triggerAt) > threeDays ||
        Date.parse(item.scheduledAt) > Date.parse(item.dueAt),
    );
    expect(late).toEqual([]);
  });

  it('gives the same work with the same ids when planned twice', () => {
    const again = planRevisits({ customers, from: '2026-01-01T00:00:00Z', to: '2026-07-01T00:00:00Z' });
    expect(again.map((item) => item.revisitId)).toEqual(work.map((item) => item.revisitId));
    expect(new Set(work.map((item) => item.revisitId)).size).toBe(work.length);
  });
});

describe('plan by class, grade and tier', () => {
  const base = {
    class: 'terminal' as const,
    tier: 'general' as const,
    member: true,
    timeZone: 'Asia/Shanghai',
    since: '2025-01-01T02:00:00Z',
  };

  it('revisits a grade A customer monthly when the last revisit was at the period start', () => {
    const work = planRevisits({
      customers: [{ ...base, customerId: 'a', grade: 'A', lastRevisitAt: '2026-01-01T02:00:00Z' }],
      from: '2026-01-01T00:00:00Z',
      to: '2026-04-02T00:00:00Z',
    });
    expect(work.map((item) => [item.triggerAt, item.reason, item.rule])).toEqual([
      ['2026-01-31T02:00:00.000Z', 'periodic', 'grade A monthly'],
      ['2026-03-02T02:00:00.000Z', 'periodic', 'grade A monthly'],
      ['2026-04-01T02:00:00.000Z', 'periodic', 'grade A monthly'],
    ]);
  });

  it('takes the first matching line: a premium grade C customer is revisited monthly', () => {
    expect(
      planRuleFor(defaultRevisitPolicy, { ...base, customerId: 'p', grade: 'C', tier: 'premium' })?.name,
    ).toBe('premium monthly');
    expect(planRuleFor(defaultRevisitPolicy, { ...base, customerId: 'g', grade: 'C' })?.name).toBe(
      'grade C half-yearly',
    );
    expect(
      planRuleFor(defaultRevisitPolicy, { ...base, customerId: 'c', grade: 'B', class: 'channel' })?.name,
    ).toBe('channel B bimonthly');
  });

  it('triggers an overdue revisit at the period start when the last one is too long ago', () => {
    const [first] = planRevisits({
      customers: [{ ...base, customerId: 'late', grade: 'B', lastRevisitAt: '2025-06-01T02:00:00Z' }],
      from: '2026-01-05T02:00:00Z',
      to: '2026-01-10T00:00:00Z',
    });
    expect(first).toMatchObject({ reason: 'overdue', triggerAt: '2026-01-05T02:00:00.000Z' });
  });

  it('leaves a non-member out when the policy revisits members only, and plans them when it revisits all', () => {
    const customers = [{ ...base, customerId: 'n', grade: 'A' as const, member: false }];
    const window = { from: '2026-01-01T00:00:00Z', to: '2026-01-15T00:00:00Z' };
    expect(planRevisits({ customers, ...window })).toEqual([]);
    const all = revisitPolicySchema.parse({ ...defaultRevisitPolicy, members: 'all' });
    expect(planRevisits({ customers, ...window, policy: all }).map((item) => item.customerId)).toEqual(['n']);
  });
});

describe('revisitTimes', () => {
  it('moves a trigger in the lunch rest to 14:00 on the customer’s clock', () => {
    expect(revisitTimes(defaultRevisitPolicy, 'Asia/Shanghai', '2026-03-02T12:30:00+08:00').scheduledAt).toBe(
      '2026-03-02T06:00:00.000Z',
    );
    // The same instant is 04:30 in London: the night there, callable at 09:00 London time.
    expect(revisitTimes(defaultRevisitPolicy, 'Europe/London', '2026-03-02T12:30:00+08:00').scheduledAt).toBe(
      '2026-03-02T09:00:00.000Z',
    );
  });

  it('keeps the deadline out of the rest hours by bringing it back', () => {
    // 3 days after 22:00 is 22:00 again: night, so due by 21:00.
    expect(revisitTimes(defaultRevisitPolicy, 'Asia/Shanghai', '2026-03-02T22:00:00+08:00').dueAt).toBe(
      '2026-03-05T13:00:00.000Z',
    );
  });

  it('refuses a policy whose rest hours leave no time in the window', () => {
    const policy = revisitPolicySchema.parse({ ...defaultRevisitPolicy, window: { hours: 2 } });
    expect(() => revisitTimes(policy, 'Asia/Shanghai', '2026-03-02T22:00:00+08:00')).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { planDeliveries } from './match-rules.js';
import type { DutyDirectory, NotificationEvent, NotificationRule } from './notification-types.js';

const directory: DutyDirectory = {
  onDuty: async ({ team, role }) => (team === 'east' && role === 'supervisor' ? ['zhang.wei'] : []),
  workingHours: async () => true,
  members: async ({ team }) => (team === 'east' ? ['zhang.wei', 'li.na'] : []),
};
const event: NotificationEvent = {
  id: 'c-1:3:deadline.breached',
  type: 'deadline.breached',
  at: '2026-03-02T01:10:00.000Z',
  team: 'east',
  workflowId: 'c-1',
  facts: {},
};
const rule = (fields: Partial<NotificationRule>): NotificationRule => ({
  id: 'r',
  name: 'r',
  events: ['deadline.breached'],
  recipients: [],
  channels: [],
  endpoints: [],
  critical: false,
  enabled: true,
  ...fields,
});

describe('planDeliveries', () => {
  it('reaches the role on duty in the event’s team and each person once per channel however many rules match', async () => {
    const planned = await planDeliveries(
      [
        rule({ id: 'a', recipients: [{ kind: 'role', role: 'supervisor' }], channels: ['email', 'inApp'] }),
        rule({
          id: 'b',
          recipients: [{ kind: 'team', team: 'east' }],
          channels: ['inApp'],
          endpoints: ['ep-1'],
        }),
      ],
      event,
      directory,
    );
    expect(
      planned.map((delivery) => [
        delivery.channel,
        'userId' in delivery ? delivery.userId : delivery.endpointId,
        delivery.ruleId,
      ]),
    ).toEqual([
      ['email', 'zhang.wei', 'a'],
      ['inApp', 'zhang.wei', 'a'],
      ['inApp', 'li.na', 'b'],
      ['webhook', 'ep-1', 'b'],
    ]);
    expect(planned.every((delivery) => delivery.critical)).toBe(true);
  });

  it('reaches nobody when the rule is disabled or names other events', async () => {
    const planned = await planDeliveries(
      [
        rule({ enabled: false, recipients: [{ kind: 'user', userId: 'u' }], channels: ['inApp'] }),
        rule({
          events: ['statement.published'],
          recipients: [{ kind: 'user', userId: 'u' }],
          channels: ['inApp'],
        }),
      ],
      event,
      directory,
    );
    expect(planned).toEqual([]);
  });
});

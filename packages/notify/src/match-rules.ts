import {
  criticalEventTypes,
  type DutyDirectory,
  type NotificationEvent,
  type NotificationRule,
  type PersonChannel,
} from './notification-types.js';

/** One delivery a rule asks for: a person over a channel, or a webhook endpoint. */
export type PlannedDelivery =
  | { channel: PersonChannel; userId: string; ruleId: string; critical: boolean }
  | { channel: 'webhook'; endpointId: string; ruleId: string; critical: boolean };

/** The team asked when an event names none. */
export const defaultTeam = 'default';

/**
 * The deliveries the enabled rules ask for an event: each person once per channel, each endpoint once. Roles
 * are resolved through the duty directory at the event's time, in the event's team (or the rule's).
 */
export async function planDeliveries(
  rules: readonly NotificationRule[],
  event: NotificationEvent,
  directory: DutyDirectory,
): Promise<PlannedDelivery[]> {
  const planned: PlannedDelivery[] = [];
  const seen = new Set<string>();
  const add = (delivery: PlannedDelivery) => {
    const key =
      delivery.channel === 'webhook'
        ? `webhook:${delivery.endpointId}`
        : `${delivery.channel}:${delivery.userId}`;
    if (seen.has(key)) return;
    seen.add(key);
    planned.push(delivery);
  };
  for (const rule of rules) {
    if (!rule.enabled || !rule.events.includes(event.type)) continue;
    const critical = rule.critical || criticalEventTypes.includes(event.type);
    const users: string[] = [];
    for (const recipient of rule.recipients) {
      if (recipient.kind === 'user') users.push(recipient.userId);
      else if (recipient.kind === 'team')
        users.push(...((await directory.members?.({ team: recipient.team })) ?? []));
      else {
        const role = recipient.kind === 'role' ? recipient.role : event.role;
        if (!role) continue;
        const team = (recipient.kind === 'role' ? recipient.team : undefined) ?? event.team ?? defaultTeam;
        users.push(...(await directory.onDuty({ team, role, at: event.at })));
      }
    }
    for (const userId of users)
      for (const channel of rule.channels) add({ channel, userId, ruleId: rule.id, critical });
    for (const endpointId of rule.endpoints)
      add({ channel: 'webhook', endpointId, ruleId: rule.id, critical });
  }
  return planned;
}

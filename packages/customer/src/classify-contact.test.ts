import { describe, expect, it } from 'vitest';
import { classifyContact } from './classify-contact.js';
import type { TimelineEntry } from './customer-types.js';

const opened = (at: string, channel: string): TimelineEntry => ({
  customerId: 'c1',
  at,
  kind: 'complaint.opened',
  data: { channel },
});

describe('classifyContact', () => {
  it('is a first contact when the timeline holds no contact', () => {
    expect(classifyContact([], '2026-12-01T00:00:00Z')).toMatchObject({ previous: 0, level: 'first' });
  });

  it('is a second contact, then a many-time contact, when earlier complaints came on other channels', () => {
    const timeline = [opened('2026-11-01T00:00:00Z', 'phone')];
    expect(classifyContact(timeline, '2026-12-01T00:00:00Z')).toMatchObject({ previous: 1, level: 'second' });
    timeline.push(opened('2026-11-20T00:00:00Z', 'email'));
    const third = classifyContact(timeline, '2026-12-01T00:00:00Z');
    expect(third).toMatchObject({ previous: 2, level: 'many' });
    expect(third.handling).toContain('study the history');
  });

  it('ignores contacts older than the window when one is given', () => {
    const timeline = [opened('2026-01-01T00:00:00Z', 'phone')];
    expect(classifyContact(timeline, '2026-12-01T00:00:00Z', { withinDays: 90 }).level).toBe('first');
  });

  it('ignores entries that are not contacts', () => {
    const timeline: TimelineEntry[] = [
      { customerId: 'c1', at: '2026-11-01T00:00:00Z', kind: 'grade.changed', data: {} },
    ];
    expect(classifyContact(timeline, '2026-12-01T00:00:00Z').level).toBe('first');
  });
});

import { describe, expect, it } from 'vitest';
import { EventNotAccepted } from './runtime-errors.js';

describe('EventNotAccepted', () => {
  it('lists what the state accepts when the state does not handle the event', () => {
    const error = new EventNotAccepted('c-1', 'recorded', 'complaint.record', [
      'complaint.assign',
      'complaint.pause',
    ]);
    expect(error.message).toBe(
      'Workflow "c-1" in state "recorded" does not accept "complaint.record" (accepted now: complaint.assign, complaint.pause)',
    );
  });

  it('says the event cannot be taken now, and does not list it as accepted, when the state handles it but a guard refuses', () => {
    const error = new EventNotAccepted(
      'c-1',
      'resolved',
      'complaint.startRevisit',
      ['complaint.startRevisit', 'complaint.contact'],
      "no revisit call in the customer's quiet hours",
    );
    expect(error.message).toBe(
      'Workflow "c-1" in state "resolved" cannot take "complaint.startRevisit" now: no revisit call in the customer\'s quiet hours (other events it handles: complaint.contact)',
    );
    expect(error.details).toMatchObject({ accepted: ['complaint.startRevisit', 'complaint.contact'] });
  });
});

import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { complaintMachine } from './complaint-machine.js';
import { openedInput, people, sample } from './complaint-test-events.js';
import { complaintEventSchema, complaintInputSchema } from './complaint-types.js';
import { blockingReason, explainComplaintRejection, whyNotNow } from './explain-rejection.js';

const at = '2026-03-02T10:00:00+08:00';
const issuesOf = (value: unknown) => {
  const result = complaintEventSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
};

describe('event payloads', () => {
  it('accepts the sample of every event', () => {
    for (const type of complaintEventSchema.options.map((option) => option.shape.type.value)) {
      expect(issuesOf(sample(type, at, people.supervisor)), type).toEqual([]);
    }
  });

  it('rejects an analysis without a cause, naming the field', () => {
    const event = sample('complaint.analyse', at, people.supervisor);
    const { cause: _cause, ...analysis } = event.analysis;
    expect(issuesOf({ ...event, analysis })).toEqual(['analysis.cause']);
  });

  it('rejects a revisit record without a satisfaction, a handling form without a result, a summary without measures', () => {
    expect(
      issuesOf({
        ...sample('complaint.recordRevisit', at, people.agent),
        revisitRecord: { method: 'phone' },
      }),
    ).toEqual(['revisitRecord.satisfaction']);
    const form = sample('complaint.applyFormalSolution', at, people.supervisor);
    expect(issuesOf({ ...form, handlingForm: { ...form.handlingForm, result: ' ' } })).toEqual([
      'handlingForm.result',
    ]);
    const resolve = sample('complaint.resolve', at, people.supervisor);
    expect(issuesOf({ ...resolve, summaryReport: { outcome: 'x', cause: 'y' } })).toEqual([
      'summaryReport.improvementMeasures',
    ]);
  });

  it('rejects an event without an offset in its time or without a sender', () => {
    expect(
      issuesOf({ ...sample('complaint.record', at, people.supervisor), at: '2026-03-02T10:00:00' }),
    ).toEqual(['at']);
    const { by: _by, ...anonymous } = sample('complaint.record', at, people.supervisor);
    expect(issuesOf(anonymous)).toEqual(['by']);
  });

  it('rejects an unknown event type', () => {
    expect(complaintEventSchema.safeParse({ type: 'complaint.sendJson', at, by: people.agent }).success).toBe(
      false,
    );
  });

  it('rejects an opening without a customer name', () => {
    const result = complaintInputSchema.safeParse({ ...openedInput, customer: { grade: 'A' } });
    expect(result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'))).toEqual([
      'customer.name',
    ]);
  });
});

describe('events the state does not accept', () => {
  it('refuses a revisit before the complaint is resolved and says why, changing nothing', () => {
    const actor = createActor(complaintMachine, { input: openedInput }).start();
    const before = actor.getSnapshot();
    const revisit = sample('complaint.recordRevisit', at, people.agent);
    expect(before.can(revisit)).toBe(false);
    expect(explainComplaintRejection(before, revisit)).toBe(
      'a revisit comes after the complaint is resolved (it is received)',
    );
    actor.send(revisit);
    expect(actor.getSnapshot().context).toEqual(before.context);
  });

  it('ignores a stale deadline event and says which due time is current', () => {
    const snapshot = createActor(complaintMachine, { input: openedInput }).start().getSnapshot();
    const stale = sample('complaint.deadlineReached', at, people.system, {
      deadline: 'record',
      dueAt: '2026-03-02T01:00:00.000Z',
    });
    expect(snapshot.can(stale)).toBe(false);
    expect(explainComplaintRejection(snapshot, stale)).toBe(
      'deadline "record" is now due at 2026-03-02T01:10:00.000Z, not 2026-03-02T01:00:00.000Z (stale timer ignored)',
    );
  });

  it('refuses a revisit call in quiet hours, saying when the customer may be called', () => {
    const actor = createActor(complaintMachine, {
      input: openedInput,
      snapshot: complaintMachine.resolveState({
        value: 'resolved',
        context: createActor(complaintMachine, { input: openedInput }).start().getSnapshot().context,
      }),
    }).start();
    const late = sample('complaint.startRevisit', '2026-03-03T22:00:00+08:00', people.agent);
    expect(actor.getSnapshot().can(late)).toBe(false);
    expect(explainComplaintRejection(actor.getSnapshot(), late)).toBe(
      "no revisit call in the customer's quiet hours (21:00–09:00 Asia/Shanghai); call from 2026-03-04T01:00:00.000Z",
    );
  });
});

describe('whyNotNow', () => {
  it('tells which handled actions cannot be taken now, whatever their payload', () => {
    const actor = createActor(complaintMachine, { input: openedInput }).start();
    const fresh = actor.getSnapshot();
    expect(whyNotNow(fresh, 'complaint.resume', at)).toBe('nothing is paused');
    expect(whyNotNow(fresh, 'complaint.callBack', at)).toBe('no open call-back promise');
    expect(whyNotNow(fresh, 'complaint.pause', at)).toBe(
      'the record clock cannot be paused (policy "standard")',
    );
    actor.send(sample('complaint.record', at, people.supervisor));
    expect(whyNotNow(actor.getSnapshot(), 'complaint.pause', at)).toBeUndefined();
    expect(whyNotNow(actor.getSnapshot(), 'complaint.pause', at, { role: 'director' })).toBe(
      'the analyse clock may be paused by agent, supervisor or manager, not director (policy "standard")',
    );
    actor.send(sample('complaint.pause', at, people.agent));
    expect(whyNotNow(actor.getSnapshot(), 'complaint.pause', at)).toBe('the clocks are already paused');
    expect(whyNotNow(actor.getSnapshot(), 'complaint.resume', at)).toBeUndefined();
    expect(whyNotNow(fresh, 'complaint.startRevisit', '2026-03-02T23:00:00+08:00')).toBe(
      "the customer's quiet hours (21:00–09:00 Asia/Shanghai)",
    );
  });
});

describe('blockingReason', () => {
  it('names each blocked action by a code with the values a screen needs when the action cannot be taken now', () => {
    const fresh = createActor(complaintMachine, { input: openedInput }).start().getSnapshot();
    expect(blockingReason(fresh, 'complaint.resume', at)?.code).toBe('nothingPaused');
    expect(blockingReason(fresh, 'complaint.callBack', at)?.code).toBe('noOpenCallBack');
    expect(blockingReason(fresh, 'complaint.pause', at)?.code).toBe('pauseRefused');
    expect(blockingReason(fresh, 'complaint.startRevisit', '2026-03-02T23:00:00+08:00')).toEqual({
      code: 'quietHours',
      message: "the customer's quiet hours (21:00–09:00 Asia/Shanghai)",
      params: {
        from: '21:00',
        until: '09:00',
        timeZone: 'Asia/Shanghai',
        availableAt: '2026-03-03T01:00:00.000Z',
      },
    });
  });

  it('blocks nothing when the action can be taken now', () => {
    const fresh = createActor(complaintMachine, { input: openedInput }).start().getSnapshot();
    expect(blockingReason(fresh, 'complaint.startRevisit', '2026-03-02T10:00:00+08:00')).toBeUndefined();
    expect(blockingReason(fresh, 'complaint.assign', at)).toBeUndefined();
  });
});

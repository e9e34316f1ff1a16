import { evaluateWarnings } from '@kefu/early-warning';

// A grade-A customer: two complaints in March, the second one breached its record deadline and is still open.
const warnings = evaluateWarnings({
  customer: { customerId: 'c-1', grade: 'A' },
  timeline: [
    {
      customerId: 'c-1',
      at: '2026-03-05T10:00:00+08:00',
      kind: 'complaint.opened',
      workflowId: 'k-1',
      data: {},
    },
    {
      customerId: 'c-1',
      at: '2026-03-20T10:00:00+08:00',
      kind: 'complaint.opened',
      workflowId: 'k-2',
      data: {},
    },
    {
      customerId: 'c-1',
      at: '2026-03-20T10:10:00+08:00',
      kind: 'complaint.breached',
      workflowId: 'k-2',
      data: {},
    },
  ],
  at: '2026-03-31T10:00:00+08:00',
});

export const rules = warnings.map((warning) => `${warning.rule}: ${warning.evidence.length}`);
// rules: ['repeatComplaints: 2', 'gradeABreach: 1']
